import { Duration } from 'aws-cdk-lib';
import { OrderingKey, type ConsumerDefinition } from 'event-router';

/**
 * Counts every event of the orders service, including types added later; totals do not depend
 * on order, so one group for the whole consumer is enough.
 */
export const analytics: ConsumerDefinition = {
  name: 'analytics',
  eventPattern: { source: ['orders-service'] },
  orderingKey: OrderingKey.none(),
  stateTable: true,
  lagObjective: Duration.minutes(15),
};
