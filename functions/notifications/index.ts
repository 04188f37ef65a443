import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EnvironmentVariable, createConsumerValidator, fifoConsumer } from 'event-router/runtime';
import { createNotificationsHandler, NOTIFICATIONS_READS } from './notifications';

const client = new DynamoDBClient({});

/** Notifications consumer: one notification record per order event. */
export const handler = fifoConsumer({
  handler: createNotificationsHandler({ client, tableName: process.env[EnvironmentVariable.STATE_TABLE_NAME] ?? '' }),
  dedupe: { client },
  // The handler reads each event's data by its schema type: an event that does not match it
  // (or of a major version it was not written for) fails to the DLQ instead of being misread.
  parse: { validator: createConsumerValidator({ reads: NOTIFICATIONS_READS }) },
});
