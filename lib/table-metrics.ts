import { Duration } from 'aws-cdk-lib';
import { MathExpression, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';

/**
 * Read plus write throttle events of a table per 5 minutes. On-demand tables throttle too
 * (above twice their previous peak, or at the partition limit), and a throttled consumer or
 * producer only shows it as retries and growing lag.
 */
export function metricTableThrottles(table: Table, label: string): IMetric {
  const period = Duration.minutes(5);
  return new MathExpression({
    expression: 'reads + writes',
    label,
    usingMetrics: {
      reads: table.metric('ReadThrottleEvents', { statistic: 'Sum', period }),
      writes: table.metric('WriteThrottleEvents', { statistic: 'Sum', period }),
    },
    period,
  });
}
