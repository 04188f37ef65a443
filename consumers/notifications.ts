import { OrderingKey, type ConsumerDefinition } from 'event-router';

/** Tells the customer about each step of their order; per-order order keeps "shipped" from arriving before "paid". */
export const notifications: ConsumerDefinition = {
  name: 'notifications',
  eventPattern: { source: ['orders-service'], detailType: ['OrderPlaced', 'OrderPaid', 'OrderShipped'] },
  orderingKey: OrderingKey.jsonPath('$.detail.data.orderId'),
  stateTable: true,
};
