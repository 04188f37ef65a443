import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EnvironmentVariable, createConsumerValidator, fifoConsumer } from 'event-router/runtime';
import { createInventoryHandler, INVENTORY_READS } from './inventory';

const client = new DynamoDBClient({});

/** Inventory consumer: reserves, commits and releases stock per order, exactly once (transactional mode). */
export const handler = fifoConsumer({
  handler: createInventoryHandler({ client, tableName: process.env[EnvironmentVariable.STATE_TABLE_NAME] ?? '' }),
  dedupe: { client },
  // Inventory reads data.lines: an event of a major version it was not written for fails to the DLQ instead of being misread.
  parse: { validator: createConsumerValidator({ reads: INVENTORY_READS }) },
});
