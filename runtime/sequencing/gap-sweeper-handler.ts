import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createTelemetry } from '../observability/index';
import type { Telemetry } from '../observability/index';
import { readSequencingSettings } from './config';
import { CursorStore } from './cursor-store';
import { SequencingConfigError } from './errors';
import { sweepGaps } from './gap-sweeper';
import type { SweepSummary } from './gap-sweeper';
import { EnvironmentVariable } from '../contract/index';

/** Options of `createGapSweeperHandler`; each falls back to the consumer function's environment. */
export interface GapSweeperHandlerOptions {
  /** @default process.env.CONSUMER_NAME */
  readonly consumerName?: string;
  /** @default process.env.DEDUPE_TABLE_NAME */
  readonly tableName?: string;
  /** @default process.env.CONSUMER_QUEUE_URL */
  readonly queueUrl?: string;
  readonly client?: DynamoDBClient;
  readonly sqs?: SQSClient;
  readonly telemetry?: Telemetry;
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new SequencingConfigError(`The gap sweeper needs ${name}: set it (the FifoConsumer construct does).`);
  return value;
}

/**
 * The scheduled gap sweeper's Lambda handler (handlers/gap-sweeper): one `sweepGaps` run per
 * invocation, metrics flushed before it returns. Config is read at cold start, so a bad variable fails there.
 */
export function createGapSweeperHandler(options: GapSweeperHandlerOptions = {}): () => Promise<SweepSummary> {
  const consumerName = required(options.consumerName ?? process.env[EnvironmentVariable.CONSUMER_NAME], EnvironmentVariable.CONSUMER_NAME);
  const tableName = required(options.tableName ?? process.env[EnvironmentVariable.DEDUPE_TABLE_NAME], EnvironmentVariable.DEDUPE_TABLE_NAME);
  const queueUrl = required(options.queueUrl ?? process.env[EnvironmentVariable.CONSUMER_QUEUE_URL], EnvironmentVariable.CONSUMER_QUEUE_URL);
  const settings = readSequencingSettings();
  const store = new CursorStore({ client: options.client ?? new DynamoDBClient({}), tableName, consumerName });
  const sqs = options.sqs ?? new SQSClient({});
  const telemetry = options.telemetry ?? createTelemetry({ consumerName });
  return async () => {
    try {
      const summary = await sweepGaps({ store, settings, sqs, queueUrl, telemetry });
      telemetry.logger.info('Gap sweep done', { ...summary });
      return summary;
    } finally {
      telemetry.metrics.publishStoredMetrics();
    }
  };
}
