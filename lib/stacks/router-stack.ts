import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { acknowledge } from '../acknowledge';
import { METRICS_NAMESPACE } from '../fifo-consumer';
import { Outbox } from '../outbox';
import { functionEntry } from '../project-paths';
import { RouterBus } from '../router-bus';
import { RouterFunction } from '../router-function';
import { EventSchemaRegistry } from '../schema-registry';
import { grantItemReadWrite, secureTable } from '../secure-table';

/** Name of the bus when none is given; consumer stacks look the bus up by it. */
export const DEFAULT_BUS_NAME = 'event-router';

/** Props of {@link RouterStack}. */
export interface RouterStackProps extends StackProps {
  /**
   * Name of the bus.
   * @default DEFAULT_BUS_NAME ("event-router")
   */
  readonly busName?: string;
  /**
   * How long the bus archive keeps events.
   * @default Duration.days(30)
   */
  readonly archiveRetention?: Duration;
  /**
   * Other AWS accounts allowed to publish to the bus.
   * @default - none
   */
  readonly publisherAccountIds?: string[];
  /**
   * AWS Organizations id whose accounts may publish to the bus.
   * @default - none
   */
  readonly publisherOrganizationId?: string;
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
 * The router: the bus (archive, publisher policy) and the example producer, an orders
 * service that writes its orders and their events in one transaction through an outbox.
 */
export class RouterStack extends Stack {
  /** The bus. */
  public readonly bus: RouterBus;
  /** The orders service's own table (`pk` S + `sk` S). */
  public readonly ordersTable: Table;
  /** The orders service function. */
  public readonly ordersFunction: RouterFunction;
  /** The orders service's outbox. */
  public readonly outbox: Outbox;
  /** EventBridge Schema Registry with every event version under schemas/ (docs/schemas.md). */
  public readonly eventSchemas: EventSchemaRegistry;

  constructor(scope: Construct, id: string, props: RouterStackProps = {}) {
    super(scope, id, {
      description: 'event-router: the bus, its archive and the example orders service with its outbox',
      ...props,
    });
    this.bus = new RouterBus(this, 'RouterBus', {
      eventBusName: props.busName ?? DEFAULT_BUS_NAME,
      archiveRetention: props.archiveRetention,
      publisherAccountIds: props.publisherAccountIds,
      publisherOrganizationId: props.publisherOrganizationId,
    });
    this.outbox = new Outbox(this, 'OrdersOutbox', {
      bus: this.bus.eventBus,
      publisherEntry: props.outboxPublisherEntry,
    });

    this.ordersTable = secureTable(this, 'OrdersTable', { withSortKey: true });
    this.ordersFunction = new RouterFunction(this, 'OrdersFunction', {
      entry: props.ordersEntry ?? functionEntry('orders'),
      description: 'event-router example: orders service writing orders and their events through the outbox',
      timeout: Duration.seconds(10),
      environment: {
        ORDERS_TABLE_NAME: this.ordersTable.tableName,
        OUTBOX_TABLE_NAME: this.outbox.table.tableName,
        POWERTOOLS_SERVICE_NAME: 'orders-service',
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      },
    });
    grantItemReadWrite(this.ordersTable, this.ordersFunction);
    this.outbox.grantWrite(this.ordersFunction);
    acknowledge(
      this.ordersFunction,
      'Serverless-LambdaDLQ',
      'Invoked synchronously by the service callers, who receive its errors; it is never invoked asynchronously.',
    );
    this.eventSchemas = new EventSchemaRegistry(this, 'EventSchemas', { registryName: `${props.busName ?? DEFAULT_BUS_NAME}-schemas` });
  }
}
