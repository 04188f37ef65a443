import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { MiddyfiedHandler } from '@middy/core';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ParseEventOptions } from '../envelope/index';
import { resolveDedupeStore } from '../dedupe/index';
import type { DedupeOptions } from '../dedupe/index';
import { createTelemetry } from '../observability/index';
import type { Telemetry } from '../observability/index';
import { CursorStore, readSequencingSettings } from '../sequencing/index';
import type { SequencingSettings } from '../sequencing/index';
import { consumeBatch } from './consume-batch';
import type { ConsumeDeps, EventHandler } from './consume-batch';
import { FifoConfigError } from './errors';
import { EnvironmentVariable } from '../contract/index';

export type { EventHandler, MessageContext } from './consume-batch';

/** Attempts of a message's own handler before the consumer parks it, when MAX_ATTEMPTS is not set. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Time left in the invocation under which no further handler starts, by default. */
export const DEFAULT_SAFETY_MARGIN_MS = 5000;

/** Options of `fifoConsumer`. */
export interface FifoConsumerOptions<TData = unknown> {
  readonly handler: EventHandler<TData>;
  /** @default process.env.CONSUMER_NAME */
  readonly consumerName?: string;
  /** Dedupe table, TTL and client. @default from DEDUPE_TABLE_NAME / DEDUPE_TTL_SECONDS */
  readonly dedupe?: Omit<DedupeOptions, 'consumerName'>;
  /** Message groups processed in parallel. @default 8 */
  readonly concurrency?: number;
  readonly parse?: ParseEventOptions;
  /** @default createTelemetry({ consumerName }) */
  readonly telemetry?: Telemetry;
  /** Ordering: `ordered`, `gapTimeoutSeconds`, `onGap`, `newEntityGraceSeconds`. @default from ORDERED / GAP_TIMEOUT_SECONDS / ON_GAP */
  readonly sequencing?: Partial<SequencingSettings>;
  /** Where permanent failures are parked at once. @default process.env.DEAD_LETTER_QUEUE_URL (unset: they are reported failed) */
  readonly deadLetterQueueUrl?: string;
  /** @default a SQSClient from the Lambda environment, created on first park */
  readonly sqs?: SQSClient;
  /** Failed attempts of a message's own handler before it is parked. @default process.env.MAX_ATTEMPTS, else 5 */
  readonly maxAttempts?: number;
  /** No handler starts with less time left in the invocation (at most a quarter of the time the invocation started with). @default 5000 */
  readonly safetyMarginMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new FifoConfigError(`${what} must be a positive integer, got ${JSON.stringify(value)}.`);
  return value;
}

/**
 * Creates the Lambda handler of a consumer of an SQS FIFO queue: parses each message's EventBridge
 * event, skips events already processed (one BatchGetItem per batch), runs `handler` per event with
 * groups in parallel and order kept within a group, writes one marker per processed event and returns
 * the partial batch response. For an ordered consumer (ORDERED=true) a sequenced event is applied in
 * its entity's sequence order instead: held when early, applied with one conditional cursor write,
 * its held successors drained at once. Permanent failures are parked in the DLQ at once. See
 * docs/runtime.md. It is a middy handler: `.use()` more middlewares as usual.
 */
export function fifoConsumer<TData = unknown>(options: FifoConsumerOptions<TData>): MiddyfiedHandler<SQSEvent, SQSBatchResponse, Error, Context> {
  if (typeof options.handler !== 'function') throw new FifoConfigError('fifoConsumer needs a `handler` function.');
  const consumerName = options.consumerName ?? process.env[EnvironmentVariable.CONSUMER_NAME];
  if (consumerName === undefined || consumerName === '') {
    throw new FifoConfigError('fifoConsumer needs a consumer name: set CONSUMER_NAME or pass `consumerName`.');
  }
  const concurrency = positiveInteger(options.concurrency ?? 8, 'concurrency');
  const attemptsText = process.env[EnvironmentVariable.MAX_ATTEMPTS];
  const maxAttempts = positiveInteger(
    options.maxAttempts ?? (attemptsText === undefined || attemptsText === '' ? DEFAULT_MAX_ATTEMPTS : Number(attemptsText)),
    'MAX_ATTEMPTS (maxAttempts)',
  );
  const safetyMarginMs = options.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS;
  if (!(safetyMarginMs >= 0)) throw new FifoConfigError(`safetyMarginMs must be >= 0, got ${safetyMarginMs}.`);
  let settings: SequencingSettings;
  try {
    settings = readSequencingSettings(process.env, options.sequencing);
  } catch (error) {
    throw new FifoConfigError((error as Error).message);
  }
  const store = resolveDedupeStore({ ...options.dedupe, consumerName });
  const now = options.now ?? Date.now;
  let sqs = options.sqs;
  const dlq = options.deadLetterQueueUrl ?? process.env[EnvironmentVariable.DEAD_LETTER_QUEUE_URL];
  const deps: ConsumeDeps<TData> = {
    handler: options.handler,
    store,
    cursors: settings.ordered ? new CursorStore({ client: store.client, tableName: store.tableName, consumerName, now }) : undefined,
    settings,
    telemetry: options.telemetry ?? createTelemetry({ consumerName }),
    concurrency,
    parse: options.parse,
    sqs: () => (sqs ??= new SQSClient({})),
    deadLetterQueueUrl: dlq === '' ? undefined : dlq,
    maxAttempts,
    safetyMarginMs,
    now,
  };
  const base = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => consumeBatch(event, context, deps);
  // timeoutEarlyInMillis 0: middy's early timeout would return while the batch keeps running, so handlers
  // could start and write after the invocation ended. The time budget above stops starting them instead.
  return middy<SQSEvent, SQSBatchResponse, Error, Context>(base, { timeoutEarlyInMillis: 0 })
    .use(injectLambdaContext(deps.telemetry.logger))
    .use(logMetrics(deps.telemetry.metrics));
}
