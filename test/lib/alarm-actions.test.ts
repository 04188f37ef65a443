import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Alarm, CfnAlarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmActions, runbookAnchor } from '../../lib';

const metric = new Metric({ namespace: 'Test', metricName: 'Things' });
const TOPIC_ARN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':router-a-alarms']],
};

function stackWithAspect(): Stack {
  const stack = new Stack(new App(), 'AlarmStack');
  AlarmActions.applyTo(stack, { topicName: 'router-a-alarms' });
  return stack;
}

describe('AlarmActions', () => {
  test('an L2 alarm added after the aspect notifies the topic, found by name, on ALARM and OK', () => {
    const stack = stackWithAspect();
    new Alarm(stack, 'LateAlarm', { metric, threshold: 1, evaluationPeriods: 1, alarmDescription: 'Things happen.' });

    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [TOPIC_ARN],
      OKActions: [TOPIC_ARN],
      AlarmDescription: 'Things happen. Runbook: docs/operations.md#late-alarm',
    });
  });

  test('actions an alarm already had are kept', () => {
    const stack = stackWithAspect();
    const alarm = new Alarm(stack, 'Paged', { metric, threshold: 1, evaluationPeriods: 1 });
    alarm.addAlarmAction({ bind: () => ({ alarmActionArn: 'arn:aws:sns:eu-west-1:111111111111:pager' }) });

    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:pager', TOPIC_ARN],
      OKActions: [TOPIC_ARN],
    });
  });

  test('a raw CfnAlarm is covered too', () => {
    const stack = stackWithAspect();
    new CfnAlarm(stack, 'RawAlarm', {
      metricName: 'Things',
      namespace: 'Test',
      statistic: 'Sum',
      period: 60,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
    });

    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [TOPIC_ARN],
      OKActions: [TOPIC_ARN],
      AlarmDescription: 'Runbook: docs/operations.md#raw-alarm',
    });
  });

  test('a description that already links the runbook is left as written', () => {
    const stack = stackWithAspect();
    new Alarm(stack, 'Linked', { metric, threshold: 1, evaluationPeriods: 1, alarmDescription: 'See docs/operations.md#elsewhere.' });

    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmDescription: 'See docs/operations.md#elsewhere.' });
  });

  test('runbook anchors are construct ids in kebab-case', () => {
    expect(runbookAnchor('DeadLetterQueueAgeAlarm')).toBe('dead-letter-queue-age-alarm');
    expect(runbookAnchor('RuleDeadLetterFailuresAlarm')).toBe('rule-dead-letter-failures-alarm');
    expect(runbookAnchor('DLQAlarm')).toBe('dlq-alarm');
  });
});
