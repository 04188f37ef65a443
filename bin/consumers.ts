/**
 * The app's consumers. Adding a consumer = one entry here plus its handler in
 * `functions/<name>/index.ts`; it gets its own stack and no other template changes.
 */
import { Duration } from 'aws-cdk-lib';
import type { ConsumerDefinition } from '../lib/consumer-definition';
import { OrderingKey } from '../lib/ordering-key';

/** Source of the example orders service's events. */
const ORDERS_SOURCE = 'orders-service';

export const consumers: ConsumerDefinition[] = [
  {
    // Reserves stock when an order is placed, commits it when paid, releases it when
    // shipped: the steps must apply in order for each order, so one group per orderId.
    name: 'inventory',
    eventPattern: { source: [ORDERS_SOURCE], detailType: ['OrderPlaced', 'OrderPaid', 'OrderShipped'] },
    orderingKey: OrderingKey.jsonPath('$.detail.data.orderId'),
    stateTable: true,
  },
  {
    // Tells the customer about each step of their order; per-order order keeps
    // "shipped" from arriving before "paid".
    name: 'notifications',
    eventPattern: { source: [ORDERS_SOURCE], detailType: ['OrderPlaced', 'OrderPaid', 'OrderShipped'] },
    orderingKey: OrderingKey.jsonPath('$.detail.data.orderId'),
    stateTable: true,
  },
  {
    // Counts every event of the orders service, including types added later; totals do
    // not depend on order, so one group for the whole consumer is enough.
    name: 'analytics',
    eventPattern: { source: [ORDERS_SOURCE] },
    orderingKey: OrderingKey.none(),
    stateTable: true,
    lagObjective: Duration.minutes(15),
  },
];
