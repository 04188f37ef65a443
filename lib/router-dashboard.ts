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

/** The router at a glance: PutEvents calls (account-wide), deliveries from the bus and the outbox publishing path. */
export class RouterDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: RouterDashboardProps) {
    super(scope, id);
    const period = Duration.minutes(1);
    // PutEvents counts are published per account and region (no dimension); target invocation
    // attempts per bus (dimension EventBusName), as AWS documents the AWS/Events metrics.
    const events = (metricName: string, label: string, dimensionsMap?: Record<string, string>) =>
      new Metric({ namespace: 'AWS/Events', metricName, dimensionsMap, statistic: 'Sum', period, label });
    const outbox = props.outbox;
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
      widgets: [
        [new AlarmStatusWidget({ title: 'router: alarms', alarms: props.alarms, width: 24, height: 4 })],
        [
          graph('PutEvents calls, account-wide (per minute)', [
            events('PutEventsApproximateSuccessCount', 'succeeded'),
            events('PutEventsApproximateFailedCount', 'failed'),
            events('PutEventsApproximateThrottledCount', 'throttled'),
          ]),
          graph('Deliveries from the bus to its targets (per minute)', [
            events('InvocationAttempts', 'invocation attempts', { EventBusName: props.busName }),
          ]),
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
