import { Duration } from 'aws-cdk-lib';
import { AlarmStatusWidget, Dashboard, GraphWidget, type IMetric, type Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { MetricName } from '../runtime/observability';
import type { FifoConsumer } from './fifo-consumer';

/** Props of {@link ConsumerDashboard}. */
export interface ConsumerDashboardProps {
  /** The consumer to show. */
  readonly consumer: FifoConsumer;
  /** Dashboard name, unique in the account and region (e.g. `<routerName>-consumer-<name>`). */
  readonly dashboardName: string;
}

/**
 * One consumer at a glance: its alarms, how far it lags (consumer and buffer queue age),
 * throughput, failures, dead-letter queue depths and events held for ordering.
 */
export class ConsumerDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ConsumerDashboardProps) {
    super(scope, id);
    const consumer = props.consumer;
    const period = Duration.minutes(1);
    const depth = (label: string, metric: Metric) => metric.with({ label });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
      widgets: [
        [new AlarmStatusWidget({ title: `${consumer.consumerName}: alarms`, alarms: consumer.alarms, width: 24, height: 4 })],
        [
          graph('Lag: age of the oldest message (s)', [
            consumer.metricLag().with({ label: 'consumer queue' }),
            consumer.metricBufferLag().with({ label: 'buffer queue' }),
          ]),
          graph('Throughput (per minute)', [
            consumer.metricThroughput().with({ label: 'messages finished' }),
            consumer.metricConsumer(MetricName.EventsProcessed, { period }).with({ label: 'events processed' }),
            consumer.metricConsumer(MetricName.DuplicatesSkipped, { period }).with({ label: 'duplicates skipped' }),
            consumer.metricRule('Invocations', { period }).with({ label: 'rule deliveries' }),
          ]),
        ],
        [
          graph('Failures', [
            consumer.metricConsumer(MetricName.EventsFailed, { period }).with({ label: 'events failed' }),
            consumer.metricConsumer(MetricName.EventsParked, { period }).with({ label: 'events parked' }),
            consumer.function.metricErrors({ period }).with({ label: 'function errors' }),
            consumer.function.metricThrottles({ period }).with({ label: 'function throttles' }),
            consumer.forwarder.metricErrors({ period }).with({ label: 'forwarder errors' }),
            consumer.metricRule('FailedInvocations', { period }).with({ label: 'rule failed deliveries' }),
          ]),
          graph('Dead-letter queues (messages)', [
            depth('consumer DLQ', consumer.metricDlqDepth()),
            depth('buffer DLQ', consumer.bufferDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period })),
            depth('target DLQ', consumer.targetDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period })),
          ]),
        ],
        [
          graph('Held for ordering', [
            consumer.metricConsumer(MetricName.HeldEvents, { statistic: 'Maximum', period }).with({ label: 'events held now' }),
            consumer.metricConsumer(MetricName.EventsHeld, { period }).with({ label: 'events held' }),
            consumer.metricConsumer(MetricName.HeldEventsApplied, { period }).with({ label: 'held events applied' }),
            consumer.metricConsumer(MetricName.GapsTimedOut, { period }).with({ label: 'gaps timed out' }),
            consumer.metricConsumer(MetricName.SequencesSkipped, { period }).with({ label: 'sequences skipped' }),
          ]),
        ],
      ],
    });
  }
}

/** A half-width line graph. */
export function graph(title: string, left: IMetric[]): GraphWidget {
  return new GraphWidget({ title, left, width: 12, height: 6 });
}
