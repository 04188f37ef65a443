import { OrderingKey, type ConsumerDefinition } from 'event-router';

/**
 * Reserves stock when an order is placed, commits it when paid, releases it when shipped: the
 * steps must apply in order for each order, so one group per orderId.
 */
export const inventory: ConsumerDefinition = {
  name: 'inventory',
  eventPattern: { source: ['orders-service'], detailType: ['OrderPlaced', 'OrderPaid', 'OrderShipped'] },
  orderingKey: OrderingKey.jsonPath('$.detail.data.orderId'),
  stateTable: true,
};
