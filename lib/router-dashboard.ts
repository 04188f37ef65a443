import { Duration } from 'aws-cdk-lib';
import { AlarmStatusWidget, Dashboard, Metric, type IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { graph } from './consumer-dashboard';
import type { Outbox } from './outbox';

/** Props of {@link RouterDashboard}. */
export interface RouterDashboardProps {
  /** Dashboard name, unique in the account and region (e.g. `<routerName>-router`). */
  readonly dashboardName: string;
  /** Name of the bus. */
  readonly busName: string;
  /** The example service's outbox. */
  readonly outbox: Outbox;
  /** Alarms to show the state of. */
  readonly alarms: IAlarm[];
}

/** The router at a glance: PutEvents on the bus (accepted, failed, throttled) and the outbox publishing path. */
export class RouterDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: RouterDashboardProps) {
    super(scope, id);
    const period = Duration.minutes(1);
    const bus = (metricName: string, label: string, statistic = 'Sum') =>
      new Metric({ namespace: 'AWS/Events', metricName, dimensionsMap: { EventBusName: props.busName }, statistic, period, label });
    const outbox = props.outbox;
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
      widgets: [
        [new AlarmStatusWidget({ title: 'router: alarms', alarms: props.alarms, width: 24, height: 4 })],
        [
          graph('PutEvents on the bus (entries per minute)', [
            bus('PutEventsApproximateSuccessCount', 'accepted'),
            bus('PutEventsApproximateFailedCount', 'failed'),
            bus('PutEventsApproximateThrottledCount', 'throttled'),
          ]),
          graph('Matched and delivered', [bus('MatchedEvents', 'matched events'), bus('IngestionToInvocationSuccessLatency', 'latency to target (ms, p99)', 'p99')]),
        ],
        [
          graph('Outbox: publishing delay (ms)', [outbox.metricIteratorAge().with({ label: 'stream iterator age' })]),
          graph('Outbox: failures', [
            outbox.publisher.metricErrors({ period }).with({ label: 'publisher errors' }),
            outbox.publisher.metricThrottles({ period }).with({ label: 'publisher throttles' }),
            outbox.failureQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period }).with({ label: 'failure queue' }),
          ]),
        ],
      ],
    });
  }
}
