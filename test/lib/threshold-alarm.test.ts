import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { thresholdAlarm } from '../../lib';

const metric = new Metric({ namespace: 'EventRouter', metricName: 'EventsParked' });

describe('thresholdAlarm', () => {
  test('by default any occurrence in one period fires it, and no data never does', () => {
    const stack = new Stack();
    thresholdAlarm(stack, 'Parked', { description: 'parked', metric });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: 'parked',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  test('a non-inclusive threshold fires only above it', () => {
    const stack = new Stack();
    thresholdAlarm(stack, 'Lag', { description: 'lag', metric, threshold: 300, inclusive: false, evaluationPeriods: 3 });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
    });
  });
});
