import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { MetricName, createTelemetry } from '../../runtime/observability/index';
import { OutboxTable, sweepOutbox } from '../../runtime/outbox/index';

const telemetry = createTelemetry({ consumerName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'outbox-sweeper' });
let client: EventBridgeClient | undefined;
let table: OutboxTable | undefined;

/** What one scheduled sweep did (the invocation fails, and is retried by EventBridge, only when the sweep itself could not run). */
export interface SweepSummary {
  readonly examined: number;
  readonly published: number;
  readonly failed: number;
  readonly parked: number;
}

/**
 * Outbox sweeper, run on a schedule: publishes the rows of OUTBOX_TABLE_NAME still unpublished
 * SWEEP_AFTER_SECONDS after they were written, each entity's in sequence order, to EVENT_BUS_NAME.
 */
export const handler = middy(async (): Promise<SweepSummary> => {
  const eventBusName = process.env['EVENT_BUS_NAME'];
  const tableName = process.env['OUTBOX_TABLE_NAME'];
  const sweepAfterSeconds = Number(process.env['SWEEP_AFTER_SECONDS'] ?? '300');
  if (!eventBusName || !tableName) throw new Error('The outbox sweeper needs EVENT_BUS_NAME and OUTBOX_TABLE_NAME in its environment.');
  if (!Number.isFinite(sweepAfterSeconds) || sweepAfterSeconds < 0) throw new Error(`SWEEP_AFTER_SECONDS must be a number >= 0; got ${process.env['SWEEP_AFTER_SECONDS']}.`);
  client ??= new EventBridgeClient({});
  table ??= new OutboxTable({ client: new DynamoDBClient({}), tableName });
  const result = await sweepOutbox({ table, client, eventBusName, telemetry, olderThanMs: sweepAfterSeconds * 1000 });
  // A sweep with nothing to do still records a 0: one data point per run shows the sweeper runs, and
  // Powertools would otherwise warn "No application metrics to publish" every minute.
  if (!telemetry.metrics.hasStoredMetrics()) telemetry.metrics.addMetric(MetricName.EventsProcessed, MetricUnit.Count, 0);
  return { examined: result.examined, published: result.published, failed: result.failed, parked: result.parked };
})
  .use(injectLambdaContext(telemetry.logger))
  .use(logMetrics(telemetry.metrics));
