import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fifoConsumer } from '../../runtime/fifo/index';
import { createNotificationsHandler } from './notifications';

const client = new DynamoDBClient({});

/** Notifications consumer: one notification record per order event. */
export const handler = fifoConsumer({
  handler: createNotificationsHandler({ client, tableName: process.env['STATE_TABLE_NAME'] ?? '' }),
  dedupe: { client },
});
