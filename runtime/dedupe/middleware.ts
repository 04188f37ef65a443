import type { MiddlewareObj, Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import { parseEventBridgeEvent } from '../envelope/index';
import type { ConsumedEvent, ParseEventOptions } from '../envelope/index';
import { MetricName } from '../observability/index';
import type { Telemetry } from '../observability/index';
import { resolveDedupeStore } from './config';
import type { DedupeOptions } from './config';
import { isTransactionalResult } from './transactional';

/** Options of the single-event `dedupe()` middleware. */
export interface DedupeMiddlewareOptions extends DedupeOptions {
  readonly parse?: ParseEventOptions;
  /** Where duplicates are logged and counted. @default no logs or metrics */
  readonly telemetry?: Telemetry;
}

/** What a skipped duplicate invocation returns. */
export interface DuplicateSkipped {
  readonly skipped: 'duplicate';
  readonly idempotencyKey: string;
}

/** Context keys the middleware adds for the handler: the parsed event, so it is parsed only once. */
export interface DedupeContext {
  readonly consumedEvent: ConsumedEvent;
}

const stateOf = new WeakMap<object, ConsumedEvent>();

/**
 * middy middleware for a handler invoked with ONE EventBridge event (a rule's Lambda target):
 * `before` parses the event, computes the key once and skips the handler when a marker exists;
 * `after` writes the marker (or commits a `transactional()` result with it); on error nothing is
 * written, so a retry runs the handler again. For SQS batches use `fifoConsumer()`.
 */
export function dedupe(options: DedupeMiddlewareOptions = {}): MiddlewareObj<unknown, unknown, Error, Context & Partial<DedupeContext>> {
  const store = resolveDedupeStore(options);
  return {
    before: async (request: Request<unknown, unknown, Error, Context & Partial<DedupeContext>>) => {
      const event = parseEventBridgeEvent(request.event, options.parse);
      stateOf.set(request, event);
      Object.assign(request.context, { consumedEvent: event });
      const processed = await store.findProcessed([event.idempotencyKey]);
      if (!processed.has(event.idempotencyKey)) return undefined;
      options.telemetry?.logger.info('Duplicate event skipped', { eventId: event.idempotencyKey, correlationId: event.correlationId });
      options.telemetry?.count(MetricName.DuplicatesSkipped);
      const skipped: DuplicateSkipped = { skipped: 'duplicate', idempotencyKey: event.idempotencyKey };
      // Returning a value from `before` ends the invocation early: the handler never runs.
      return skipped;
    },
    after: async (request: Request<unknown, unknown, Error, Context & Partial<DedupeContext>>) => {
      const event = stateOf.get(request);
      if (event === undefined) return;
      const info = { idempotencyKey: event.idempotencyKey, source: event.source, detailType: event.detailType };
      const result = request.response;
      const outcome = isTransactionalResult(result) ? await store.commitWithMarker(info, result.writes) : await store.markProcessed(info);
      if (isTransactionalResult(result)) request.response = result.response;
      if (outcome === 'already-marked') {
        options.telemetry?.logger.warn('Event was already recorded as processed when its marker was written: a duplicate delivery ran at the same time', {
          eventId: event.idempotencyKey,
        });
        options.telemetry?.count(MetricName.DuplicatesSkipped);
      } else {
        options.telemetry?.count(MetricName.EventsProcessed);
      }
    },
  };
}
