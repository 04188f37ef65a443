import { busesFromResources } from '../../../../local/eventbridge/endpoint/bus-model';
import type { RuleDefinition } from '../../../../local/eventbridge/endpoint/bus-model';
import { UnsupportedTemplateError } from '../../../../local/eventbridge/endpoint/errors';
import { startSchedules } from '../../../../local/eventbridge/endpoint/schedules';
import type { DeliveredEvent, TargetDelivery } from '../../../../local/eventbridge/endpoint/target-delivery';

const account = { region: 'us-east-1', accountId: '000000000000' };
const scheduled = (expression: string) => ({
  stackName: 'RouterStack',
  logicalId: 'SweepSchedule',
  type: 'AWS::Events::Rule',
  properties: {
    ScheduleExpression: expression,
    State: 'ENABLED',
    Targets: [{ Id: 'Target0', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:outbox-sweeper' }],
  },
});

test('a rate() scheduled rule is read onto the default bus with its period', () => {
  const [rule] = busesFromResources([scheduled('rate(2 minutes)')], account).get('default')!.rules;
  expect(rule!.schedule).toEqual({ expression: 'rate(2 minutes)', periodMs: 120_000 });
  expect(rule!.targets[0]!.arn).toContain('function:outbox-sweeper');
});

test('a cron() schedule is refused, saying which schedules run locally', () => {
  expect(() => busesFromResources([scheduled('cron(0 12 * * ? *)')], account)).toThrow(UnsupportedTemplateError);
  expect(() => busesFromResources([scheduled('cron(0 12 * * ? *)')], account)).toThrow(/rate\(N minutes\|hours\|days\)/);
});

test("each period the rule's targets get a Scheduled Event naming the rule, until stopped", async () => {
  const buses = busesFromResources([scheduled('rate(1 minute)')], account);
  const dispatched: { rule: RuleDefinition; event: DeliveredEvent }[] = [];
  const delivery = { dispatch: (rule: RuleDefinition, event: DeliveredEvent) => dispatched.push({ rule, event }) } as unknown as TargetDelivery;
  // 1 minute scaled down to 30 ms.
  const stop = startSchedules(buses.values(), delivery, account, { periodScale: 0.0005 });
  await new Promise((resolve) => setTimeout(resolve, 200));
  stop();
  const count = dispatched.length;
  expect(count).toBeGreaterThanOrEqual(2);
  expect(dispatched[0]!.event).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event', resources: [dispatched[0]!.rule.arn], detail: {} });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(dispatched).toHaveLength(count);
});
