import { busesFromResources, busNameFrom, DEFAULT_RETRY_POLICY } from '../../../../local/eventbridge/endpoint/bus-model';
import { UnsupportedTemplateError } from '../../../../local/eventbridge/endpoint/errors';

const account = { region: 'us-east-1', accountId: '000000000000' };
const bus = { stackName: 'RouterStack', logicalId: 'Bus', type: 'AWS::Events::EventBus', properties: { Name: 'orders-bus' } };
const rule = (properties: Record<string, unknown>) => ({
  stackName: 'InventoryStack',
  logicalId: 'Rule',
  type: 'AWS::Events::Rule',
  properties: { EventBusName: 'orders-bus', EventPattern: { source: ['orders-service'] }, ...properties },
});

describe('bus model from templates', () => {
  test('always has the default bus, plus every declared bus', () => {
    const buses = busesFromResources([bus], account);
    expect([...buses.keys()]).toEqual(['default', 'orders-bus']);
    expect(buses.get('orders-bus')!.arn).toBe('arn:aws:events:us-east-1:000000000000:event-bus/orders-bus');
  });

  test('reads an SQS target with its static group, retry policy and DLQ', () => {
    const buses = busesFromResources(
      [
        bus,
        rule({
          Description: 'event-router consumer: inventory',
          Targets: [
            {
              Id: 'Target0',
              Arn: 'arn:aws:sqs:us-east-1:000000000000:inventory-buffer.fifo',
              SqsParameters: { MessageGroupId: 'all' },
              RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
              DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:inventory-target-dlq' },
            },
          ],
        }),
      ],
      account,
    );
    const [parsed] = buses.get('orders-bus')!.rules;
    expect(parsed.description).toBe('event-router consumer: inventory');
    expect(parsed.arn).toBe('arn:aws:events:us-east-1:000000000000:rule/orders-bus/InventoryStack-Rule');
    expect(parsed.targets[0]).toMatchObject({
      messageGroupId: 'all',
      retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeSeconds: 600 },
      deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:inventory-target-dlq',
    });
  });

  test('applies EventBridge default retry policy when the target has none', () => {
    const buses = busesFromResources([bus, rule({ Targets: [{ Id: 'T', Arn: 'arn:aws:sqs:us-east-1:000000000000:q' }] })], account);
    expect(buses.get('orders-bus')!.rules[0].targets[0].retryPolicy).toEqual(DEFAULT_RETRY_POLICY);
  });

  test('refuses a rule on a bus no template declares, naming the rule and the bus', () => {
    expect(() => busesFromResources([rule({ EventBusName: 'nope' })], account)).toThrow(/InventoryStack\/Rule.*"nope"/);
  });

  test('refuses a target type the local runtime cannot deliver to, naming it', () => {
    expect(() =>
      busesFromResources([bus, rule({ Targets: [{ Id: 'T', Arn: 'arn:aws:sns:us-east-1:000000000000:topic' }] })], account),
    ).toThrow(UnsupportedTemplateError);
  });

  test('accepts a bus ARN where PutEvents takes a name', () => {
    expect(busNameFrom('arn:aws:events:us-east-1:000000000000:event-bus/orders-bus')).toBe('orders-bus');
    expect(busNameFrom(undefined)).toBe('default');
  });
});
