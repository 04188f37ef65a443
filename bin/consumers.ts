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
    // Reserves stock when an order is placed and releases it into shipment when shipped:
    // the two must be applied in order for each order, so one group per orderId.
    name: 'inventory',
    eventPattern: { source: [ORDERS_SOURCE], detailType: ['OrderPlaced', 'OrderShipped'] },
    orderingKey: OrderingKey.jsonPath('$.detail.data.orderId'),
    stateTable: true,
  },
  {
    // Tells the customer their order was paid and shipped; per-order order keeps
    // "shipped" from arriving before "paid".
    name: 'notifications',
    eventPattern: { source: [ORDERS_SOURCE], detailType: ['OrderPaid', 'OrderShipped'] },
    orderingKey: OrderingKey.jsonPath('$.detail.data.orderId'),
    stateTable: true,
  },
  {
    // Counts every order event; totals do not depend on order, so one group is enough.
    name: 'analytics',
    eventPattern: { source: [ORDERS_SOURCE], detailType: ['OrderPlaced', 'OrderPaid', 'OrderShipped'] },
    orderingKey: OrderingKey.none(),
    stateTable: true,
    lagObjective: Duration.minutes(15),
  },
];
