import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { MiddyfiedHandler } from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MalformedEventError } from '../envelope/errors';
import { parseSqsMessageBody } from '../envelope/parser';
import type { ParseEventOptions } from '../envelope/parser';
import type { ConsumedEvent } from '../envelope/types';
import { resolveDedupeStore } from '../dedupe/config';
import type { DedupeOptions } from '../dedupe/config';
import type { DedupeStore } from '../dedupe/dedupe-store';
import { isTransactionalResult } from '../dedupe/transactional';
import type { TransactionalResult } from '../dedupe/transactional';
import { MetricName } from '../observability/metric-names';
import { createTelemetry } from '../observability/telemetry';
import type { Telemetry } from '../observability/telemetry';
import { FifoConfigError } from './errors';
import { processFifoBatch } from './process-batch';
import type { RecordOutcome } from './process-batch';

/** What a handler learns about the message carrying its event. */
export interface MessageContext {
  readonly messageId: string;
  readonly groupId: string | undefined;
  /** SQS `ApproximateReceiveCount`: 1 on first delivery. */
  readonly receiveCount: number;
  readonly lambdaContext: Context;
  /** The function's logger with `eventId`, `correlationId` and `messageId` keys. */
  readonly logger: Logger;
}

/**
 * Handles one event. Return nothing after doing the effect yourself (at-least-once effects, see
 * docs/runtime.md), or `transactional(writes)` to have DynamoDB writes committed exactly once with the marker.
 */
export type EventHandler<TData = unknown> = (
  event: ConsumedEvent<TData>,
  context: MessageContext,
) => Promise<void | TransactionalResult<unknown>> | void | TransactionalResult<unknown>;

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
}

interface BatchDeps<TData> {
  readonly handler: EventHandler<TData>;
  readonly store: DedupeStore;
  readonly telemetry: Telemetry;
  readonly concurrency: number;
  readonly parse: ParseEventOptions | undefined;
}

function messageContext(record: SQSRecord, event: ConsumedEvent | undefined, lambdaContext: Context, logger: Logger): MessageContext {
  let child: Logger | undefined;
  return {
    messageId: record.messageId,
    groupId: record.attributes?.MessageGroupId,
    receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? '1'),
    lambdaContext,
    get logger() {
      // Created on first use only: most handlers never log, and a child logger is not free.
      child ??= logger.createChild({
        persistentKeys: { messageId: record.messageId, eventId: event?.idempotencyKey, correlationId: event?.correlationId },
      });
      return child;
    },
  };
}

/** One SQS batch: parse all, one BatchGetItem, then groups in order with a marker per processed event. */
async function handleConsumerBatch<TData>(sqsEvent: SQSEvent, lambdaContext: Context, deps: BatchDeps<TData>): Promise<SQSBatchResponse> {
  const { store, telemetry, handler } = deps;
  const { logger } = telemetry;
  const parsed = new Map<string, ConsumedEvent<TData> | Error>();
  for (const record of sqsEvent.Records) {
    try {
      parsed.set(record.messageId, parseSqsMessageBody<TData>(record.body, deps.parse));
    } catch (error) {
      parsed.set(record.messageId, error as Error);
    }
  }
  const keys = [...parsed.values()].flatMap((p) => (p instanceof Error ? [] : [p.idempotencyKey]));
  // Throws when DynamoDB is unavailable: the whole batch comes back, nothing has run yet.
  const processed = await store.findProcessed(keys);
  const doneInBatch = new Set<string>();

  const processRecord = async (record: SQSRecord): Promise<RecordOutcome> => {
    const event = parsed.get(record.messageId)!;
    if (event instanceof Error) {
      logger.error('Malformed message: not processed, reported failed so it reaches the DLQ after maxReceiveCount', {
        messageId: record.messageId,
        field: event instanceof MalformedEventError ? event.field : undefined,
        reason: event.message,
      });
      telemetry.count(MetricName.EventsFailed);
      return { ok: false, error: event };
    }
    const eventId = event.idempotencyKey;
    if (processed.has(eventId) || doneInBatch.has(eventId)) {
      logger.info('Duplicate event skipped', { eventId, messageId: record.messageId, correlationId: event.correlationId });
      telemetry.count(MetricName.DuplicatesSkipped);
      return { ok: true };
    }
    try {
      const result = await handler(event, messageContext(record, event, lambdaContext, logger));
      const info = { idempotencyKey: eventId, source: event.source, detailType: event.detailType };
      const outcome = isTransactionalResult(result) ? await store.commitWithMarker(info, result.writes) : await store.markProcessed(info);
      doneInBatch.add(eventId);
      if (outcome === 'already-marked') {
        // Only possible when the FIFO/visibility conditions in docs/runtime.md do not hold.
        logger.warn('Event was processed concurrently by another invocation', {
          eventId,
          messageId: record.messageId,
          transactional: isTransactionalResult(result),
        });
        telemetry.count(MetricName.DuplicatesSkipped);
      } else {
        telemetry.count(MetricName.EventsProcessed);
      }
      return { ok: true };
    } catch (error) {
      logger.error('Event handler failed: message and the rest of its group reported failed', {
        eventId,
        messageId: record.messageId,
        correlationId: event.correlationId,
        error: error as Error,
      });
      telemetry.count(MetricName.EventsFailed);
      return { ok: false, error };
    }
  };

  return processFifoBatch(sqsEvent.Records, processRecord, {
    concurrency: deps.concurrency,
    onSkipped: (record, failed) =>
      logger.warn('Message not processed: an earlier message of its group failed', {
        messageId: record.messageId,
        groupId: record.attributes?.MessageGroupId,
        failedMessageId: failed.messageId,
      }),
  });
}

/**
 * Creates the Lambda handler of a consumer of an SQS FIFO queue: parses each message's EventBridge
 * event, skips events already processed (one BatchGetItem per batch), runs `handler` per event with
 * groups in parallel and order kept within a group, writes one marker per processed event and returns
 * the partial batch response. It is a middy handler: `.use()` more middlewares as usual.
 */
export function fifoConsumer<TData = unknown>(options: FifoConsumerOptions<TData>): MiddyfiedHandler<SQSEvent, SQSBatchResponse, Error, Context> {
  if (typeof options.handler !== 'function') throw new FifoConfigError('fifoConsumer needs a `handler` function.');
  const consumerName = options.consumerName ?? process.env['CONSUMER_NAME'];
  if (consumerName === undefined || consumerName === '') {
    throw new FifoConfigError('fifoConsumer needs a consumer name: set CONSUMER_NAME or pass `consumerName`.');
  }
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new FifoConfigError(`concurrency must be a positive integer, got ${concurrency}.`);
  const deps: BatchDeps<TData> = {
    handler: options.handler,
    store: resolveDedupeStore({ ...options.dedupe, consumerName }),
    telemetry: options.telemetry ?? createTelemetry({ consumerName }),
    concurrency,
    parse: options.parse,
  };
  const base = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => handleConsumerBatch(event, context, deps);
  return middy<SQSEvent, SQSBatchResponse, Error, Context>(base)
    .use(injectLambdaContext(deps.telemetry.logger))
    .use(logMetrics(deps.telemetry.metrics));
}
