import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';

/** Props of {@link thresholdAlarm}. */
export interface ThresholdAlarmProps {
  /** What is wrong and what to do, as the alarm's description. */
  readonly description: string;
  readonly metric: IMetric;
  /**
   * The value that fires it.
   * @default 1: any occurrence
   */
  readonly threshold?: number;
  /**
   * Whether the threshold itself fires (`>=`) or only a value above it (`>`).
   * @default true
   */
  readonly inclusive?: boolean;
  /** @default 1 */
  readonly evaluationPeriods?: number;
}

/**
 * An alarm as every alarm of the router is built: a value at (or above) a threshold fires it, and
 * missing data (nothing happened) never does.
 */
export function thresholdAlarm(scope: Construct, id: string, props: ThresholdAlarmProps): Alarm {
  return new Alarm(scope, id, {
    alarmDescription: props.description,
    metric: props.metric,
    threshold: props.threshold ?? 1,
    comparisonOperator:
      props.inclusive === false ? ComparisonOperator.GREATER_THAN_THRESHOLD : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: props.evaluationPeriods ?? 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}
