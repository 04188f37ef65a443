import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseOrderCommand } from './commands';
import { OrderService } from './order-service';
import type { OrderCommandResult } from './order-service';

let service: OrderService | undefined;

function orderService(): OrderService {
  if (service !== undefined) return service;
  const ordersTableName = process.env['ORDERS_TABLE_NAME'];
  const outboxTableName = process.env['OUTBOX_TABLE_NAME'];
  if (!ordersTableName || !outboxTableName) {
    throw new Error('The orders function needs ORDERS_TABLE_NAME and OUTBOX_TABLE_NAME in its environment.');
  }
  service = new OrderService({ client: new DynamoDBClient({}), ordersTableName, outboxTableName });
  return service;
}

/** Orders service entry point: `{ action: 'place' | 'pay' | 'ship', ... }` -> order row + outbox event in one transaction. */
export const handler = async (payload: unknown): Promise<OrderCommandResult> => orderService().execute(parseOrderCommand(payload));
