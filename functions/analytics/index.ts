import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EnvironmentVariable, fifoConsumer } from 'event-router/runtime';
import { createAnalyticsHandler } from './analytics';

const client = new DynamoDBClient({});

/** Analytics consumer: order events counted per type and day, exactly once. */
export const handler = fifoConsumer({
  handler: createAnalyticsHandler({ tableName: process.env[EnvironmentVariable.STATE_TABLE_NAME] ?? '' }),
  dedupe: { client },
});
