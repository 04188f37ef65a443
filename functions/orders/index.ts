import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EnvironmentVariable, createPublishValidator } from 'event-router/runtime';
import { SCHEMA_REGISTRY } from '../../schemas/generated/registry';
import { parseOrderCommand } from './commands';
import { OrderService } from './order-service';
import type { OrderCommandResult } from './order-service';

let service: OrderService | undefined;

function orderService(): OrderService {
  if (service !== undefined) return service;
  const ordersTableName = process.env['ORDERS_TABLE_NAME'];
  const outboxTableName = process.env[EnvironmentVariable.OUTBOX_TABLE_NAME];
  if (!ordersTableName || !outboxTableName) {
    throw new Error('The orders function needs ORDERS_TABLE_NAME and OUTBOX_TABLE_NAME in its environment.');
  }
  // Events are checked against the registered schemas before they reach the outbox: a bad event fails the command, not the publisher.
  service = new OrderService({ client: new DynamoDBClient({}), ordersTableName, outboxTableName, validator: createPublishValidator(SCHEMA_REGISTRY) });
  return service;
}

/** Orders service entry point: `{ action: 'place' | 'pay' | 'ship', ... }` -> order row + outbox event in one transaction. */
export const handler = async (payload: unknown): Promise<OrderCommandResult> => orderService().execute(parseOrderCommand(payload));
