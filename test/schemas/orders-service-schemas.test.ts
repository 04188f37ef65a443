import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrderService } from '../../functions/orders/order-service';
import { createPublishValidator } from '../../runtime/schemas';
import { SCHEMA_REGISTRY } from '../../schemas/generated/registry';

describe('the orders service, wired as its entry point wires it, checks its events against their schemas before writing them', () => {
  // Any DynamoDB call fails the test: the schema check must come first.
  const client = { send: () => Promise.reject(new Error('DynamoDB must not be called for an invalid event')) } as unknown as DynamoDBClient;
  const service = new OrderService({ client, ordersTableName: 'orders', outboxTableName: 'outbox', validator: createPublishValidator(SCHEMA_REGISTRY) });

  test('an OrderPlaced its schema refuses is not written to the outbox', async () => {
    // Bypasses the command parser, as a future code path might: the schema is the last line of defence.
    const command = { action: 'place', orderId: 'ord_1', customerId: 'cus_1', lines: [{ sku: 's', quantity: 1, unitPriceCents: 10 }], currency: 'JPY', correlationId: undefined } as const;
    await expect(service.execute(command as never)).rejects.toThrow(
      /schema validation failed: order\.placed v1 is invalid \(publish\): data\.currency must be one of \["EUR","USD","GBP"\]/,
    );
  });
});
