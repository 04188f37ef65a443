import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createTelemetry } from '../../runtime/observability/index';
import { OutboxTable, PublishedSequences, publishOutboxStream } from '../../runtime/outbox/index';

const telemetry = createTelemetry({ consumerName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'outbox-publisher' });
let client: EventBridgeClient | undefined;
let table: OutboxTable | undefined;
// Lives as long as the container: a shard's batches come to one instance at a time, so it usually knows the predecessor.
const publishedSequences = new PublishedSequences();

/**
 * Outbox publisher: the outbox table's stream INSERTs -> PutEvents on EVENT_BUS_NAME, partial batch
 * response; published rows are marked and malformed rows parked in OUTBOX_TABLE_NAME.
 */
export const handler = middy(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const eventBusName = process.env['EVENT_BUS_NAME'];
  const tableName = process.env['OUTBOX_TABLE_NAME'];
  if (!eventBusName || !tableName) throw new Error('The outbox publisher needs EVENT_BUS_NAME and OUTBOX_TABLE_NAME in its environment.');
  client ??= new EventBridgeClient({});
  table ??= new OutboxTable({ client: new DynamoDBClient({}), tableName });
  const result = await publishOutboxStream(event, { client, eventBusName, telemetry, table, publishedSequences });
  return { batchItemFailures: result.batchItemFailures };
})
  .use(injectLambdaContext(telemetry.logger))
  .use(logMetrics(telemetry.metrics));
