import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Alarm, IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import {
  AlarmActions,
  AlarmTopic,
  DEFAULT_ROUTER_NAME,
  EnvironmentVariable,
  EventSchemaRegistry,
  METRICS_NAMESPACE,
  Outbox,
  RouterBus,
  RouterDashboard,
  RouterFunction,
  acknowledge,
  grantItemReadWrite,
  metricTableThrottles,
  routerNames,
  secureTable,
  thresholdAlarm,
  validRouterName,
  type BusPublisher,
} from 'event-router';

/** Source of the example orders service's events: the one source its outbox publisher may publish. */
export const ORDERS_SOURCE = 'orders-service';

/** Props of {@link RouterStack}. */
export interface RouterStackProps extends StackProps {
  /**
   * Name of the router: the bus, archive, schema registry, alarm topic and dashboards are
   * named after it (`routerNames`), so several routers can live in one account and region.
   * Consumer stacks of this router must be given the same name.
   * @default DEFAULT_ROUTER_NAME ("event-router")
   */
  readonly routerName?: string;
  /**
   * E-mail address subscribed to the alarm topic.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * How long the bus archive keeps events.
   * @default Duration.days(30)
   */
  readonly archiveRetention?: Duration;
  /**
   * Other accounts or an organization admitted to publish, each with its own sources.
   * @default - none
   */
  readonly publishers?: BusPublisher[];
  /**
   * Entry of the orders service function.
   * @default functions/orders/index.ts
   */
  readonly ordersEntry?: string;
  /**
   * Entry of the outbox publisher function.
   * @default functions/outbox-publisher/index.ts
   */
  readonly outboxPublisherEntry?: string;
}

/**
 * The router: the bus (archive, publisher policy), the alarm topic every alarm of the router
 * and its consumers notifies, the router dashboard, and the example producer, an orders
 * service that writes its orders and their events in one transaction through an outbox.
 */
export class RouterStack extends Stack {
  /** The router's name. */
  public readonly routerName: string;
  /** The bus. */
  public readonly bus: RouterBus;
  /** The SNS topic every alarm notifies. */
  public readonly alarmTopic: AlarmTopic;
  /** The orders service's own table (`pk` S + `sk` S). */
  public readonly ordersTable: Table;
  /** The orders service function. */
  public readonly ordersFunction: RouterFunction;
  /** The orders service's outbox. */
  public readonly outbox: Outbox;
  /** EventBridge Schema Registry with every event version under schemas/ (docs/schemas.md). */
  public readonly eventSchemas: EventSchemaRegistry;
  /** The router's own alarms (besides the outbox's). */
  public readonly alarms: Alarm[] = [];
  /** The router dashboard. */
  public readonly dashboard: RouterDashboard;

  constructor(scope: Construct, id: string, props: RouterStackProps = {}) {
    super(scope, id, {
      description: 'event-router: the bus, its archive, the alarm topic and the example orders service with its outbox',
      ...props,
    });
    this.routerName = validRouterName(this.node.path, props.routerName ?? DEFAULT_ROUTER_NAME);
    const names = routerNames(this.routerName);
    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', { topicName: names.alarmTopic, email: props.alarmEmail });
    AlarmActions.applyTo(this, { topicName: names.alarmTopic, topicArn: this.alarmTopic.topic.topicArn });

    this.bus = new RouterBus(this, 'RouterBus', {
      eventBusName: names.bus,
      archiveName: names.archive,
      archiveRetention: props.archiveRetention,
      publishers: props.publishers,
    });
    this.outbox = new Outbox(this, 'OrdersOutbox', {
      bus: this.bus.eventBus,
      sources: [ORDERS_SOURCE],
      publisherEntry: props.outboxPublisherEntry,
    });

    this.ordersTable = secureTable(this, 'OrdersTable', { withSortKey: true });
    this.ordersFunction = new RouterFunction(this, 'OrdersFunction', {
      entry: props.ordersEntry ?? 'functions/orders/index.ts',
      description: 'event-router example: orders service writing orders and their events through the outbox',
      timeout: Duration.seconds(10),
      environment: {
        ORDERS_TABLE_NAME: this.ordersTable.tableName,
        [EnvironmentVariable.OUTBOX_TABLE_NAME]: this.outbox.table.tableName,
        [EnvironmentVariable.POWERTOOLS_SERVICE_NAME]: ORDERS_SOURCE,
        [EnvironmentVariable.POWERTOOLS_METRICS_NAMESPACE]: METRICS_NAMESPACE,
      },
    });
    grantItemReadWrite(this.ordersTable, this.ordersFunction);
    this.outbox.grantWrite(this.ordersFunction);
    acknowledge(
      this.ordersFunction,
      'Serverless-LambdaDLQ',
      'Invoked synchronously by the service callers, who receive its errors; it is never invoked asynchronously.',
    );
    this.eventSchemas = new EventSchemaRegistry(this, 'EventSchemas', { registryName: names.schemaRegistry });

    this.createAlarms();
    this.dashboard = new RouterDashboard(this, 'Dashboard', {
      dashboardName: `${this.routerName}-router`,
      busName: names.bus,
      outbox: this.outbox,
      alarms: [...this.alarms, ...this.outbox.alarms],
    });
  }

  private createAlarms(): void {
    const period = Duration.minutes(5);
    const alarm = (id: string, description: string, metric: IMetric) =>
      this.alarms.push(thresholdAlarm(this, id, { description: `event-router ${this.routerName}: ${description}`, metric }));
    alarm(
      'OutboxPublisherThrottlesAlarm',
      'the outbox publisher was throttled; outbox events wait (the iterator age grows).',
      this.outbox.publisher.metricThrottles({ statistic: 'Sum', period }),
    );
    alarm(
      'OrdersFunctionThrottlesAlarm',
      'the orders service function was throttled; its callers get errors.',
      this.ordersFunction.metricThrottles({ statistic: 'Sum', period }),
    );
    alarm(
      'OutboxTableThrottlesAlarm',
      'DynamoDB throttled requests on the outbox table; order writes fail and the publisher retries.',
      metricTableThrottles(this.outbox.table, 'outbox table throttled requests'),
    );
    alarm(
      'OrdersTableThrottlesAlarm',
      'DynamoDB throttled requests on the orders table; order writes fail.',
      metricTableThrottles(this.ordersTable, 'orders table throttled requests'),
    );
  }
}
