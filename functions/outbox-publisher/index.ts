import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createTelemetry } from '../../runtime/observability/index';
import { publishOutboxStream } from '../../runtime/outbox/index';

const telemetry = createTelemetry({ consumerName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'outbox-publisher' });
let client: EventBridgeClient | undefined;

/** Outbox publisher: the outbox table's stream INSERTs -> PutEvents on EVENT_BUS_NAME, partial batch response. */
export const handler = middy(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const eventBusName = process.env['EVENT_BUS_NAME'];
  if (!eventBusName) throw new Error('The outbox publisher needs EVENT_BUS_NAME in its environment.');
  client ??= new EventBridgeClient({});
  const result = await publishOutboxStream(event, { client, eventBusName, telemetry });
  return { batchItemFailures: result.batchItemFailures };
})
  .use(injectLambdaContext(telemetry.logger))
  .use(logMetrics(telemetry.metrics));
