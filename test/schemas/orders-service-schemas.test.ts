import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrderService } from '../../functions/orders/order-service';
import { EventValidationError } from '../../runtime/schemas';

describe('the orders service checks its events against their schemas before writing them', () => {
  // Any DynamoDB call fails the test: the schema check must come first.
  const client = { send: () => Promise.reject(new Error('DynamoDB must not be called for an invalid event')) } as unknown as DynamoDBClient;
  const service = new OrderService({ client, ordersTableName: 'orders', outboxTableName: 'outbox' });

  test('an OrderPlaced its schema refuses is not written to the outbox', async () => {
    const command = { action: 'place', orderId: 'ord_1', customerId: 'cus_1', lines: [{ sku: 's', quantity: 1, unitPriceCents: 10 }], currency: 'JPY', correlationId: undefined } as const;
    const refusal = service.execute(command as never);
    await expect(refusal).rejects.toThrow(EventValidationError);
    await expect(refusal).rejects.toThrow(/order\.placed v1 is invalid \(publish\): data\.currency must be one of \["EUR","USD","GBP"\]/);
  });
});
