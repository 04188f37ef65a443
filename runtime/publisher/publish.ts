import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import type { EventValidator, PublishableEvent } from '../envelope/index';
import { DEFAULT_MAX_ENTRY_BYTES, MAX_ENTRIES_PER_CALL, eventIdOf, prepareEntry } from './entry';
import type { PreparedEntry } from './entry';
import { MAX_DELIVERED_EVENT_BYTES } from './delivered-size';
import { EventsRejectedError, PublishFailedError } from './errors';
import { validatePublishOptions } from './publish-options';
import type { FailedEvent, PublishedEvent, RejectedEvent } from './errors';
import { RETRYABLE_ENTRY_CODES, backoffDelay, isRetryableCallError } from './retry-policy';
import { selectBatch } from './select-batch';
import type { PendingEntry } from './select-batch';
import { getDefaultEventValidator } from './validator';

/** Anything that can send a PutEventsCommand: an `EventBridgeClient`, or a fake in tests and benchmarks. */
export interface PutEventsSender {
  send(command: PutEventsCommand): Promise<PutEventsCommandOutput>;
}

/** Options of `publish()`. */
export interface PublishOptions {
  readonly client: PutEventsSender;
  /** Bus name or ARN. @default 'default' */
  readonly eventBusName?: string;
  /** Per-entry (and per-call) PutEvents size limit in bytes, 1-1048576. Use 262144 for regions still on the 256 KiB limit. @default 1048576 */
  readonly maxEntryBytes?: number;
  /**
   * Largest event as EventBridge delivers it (envelope included) that the consumers' queues hold,
   * 1-1048576; bigger events are refused before any call.
   * @default MAX_DELIVERED_EVENT_BYTES (1048576 - 8192 reserved for parking attributes)
   */
  readonly maxDeliveredBytes?: number;
  /** How many PutEvents calls may carry one event before it counts as failed, 1-100. @default 5 */
  readonly maxAttempts?: number;
  /** First retry delay in ms, 0 or more. @default 100 */
  readonly baseDelayMs?: number;
  /** Longest retry delay in ms, at least baseDelayMs. @default 5000 */
  readonly maxDelayMs?: number;
  /**
   * Events with the same key (e.g. the entity) are sent one after another: a later one is only sent
   * once the earlier one was accepted, and fails without being sent if the earlier one failed.
   * @default no ordering between events
   */
  readonly orderingKey?: (event: PublishableEvent, index: number) => string | undefined;
  /** Schema validator run on every event before any call. @default the one set by `setDefaultEventValidator`, if any */
  readonly validator?: EventValidator;
  /** Skip schema validation for this call even when a validator is configured. @default false */
  readonly skipValidation?: boolean;
  /** Called after each PutEvents call that needs retries, with the number of entries to resend. */
  readonly onRetry?: (entries: number) => void;
  /** @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
}

/** What `publish()` did. */
export interface PublishOutcome {
  /** One per input event, in input order. */
  readonly published: readonly PublishedEvent[];
  readonly putEventsCalls: number;
  /** Entries sent again after a retryable failure. */
  readonly retries: number;
}

function eventIdOfInput(event: PublishableEvent): string | undefined {
  try {
    return eventIdOf(typeof event?.detail === 'string' ? JSON.parse(event.detail) : event?.detail);
  } catch {
    return undefined;
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function prepareAll(
  events: readonly PublishableEvent[],
  options: PublishOptions,
  busName: string,
  maxBytes: number,
  maxDeliveredBytes: number,
): PreparedEntry[] {
  const validator = options.skipValidation === true ? undefined : (options.validator ?? getDefaultEventValidator());
  const rejected: RejectedEvent[] = [];
  const prepared: PreparedEntry[] = [];
  events.forEach((event, index) => {
    const result = prepareEntry(event, busName, maxBytes, maxDeliveredBytes);
    if (typeof result === 'string') {
      rejected.push({ index, eventId: eventIdOfInput(event), reason: result });
      return;
    }
    try {
      validator?.validate({ source: event.source, detailType: event.detailType, detail: result.detail });
    } catch (error) {
      rejected.push({ index, eventId: result.eventId, reason: `schema validation failed: ${(error as Error).message}` });
      return;
    }
    prepared.push(result);
  });
  if (rejected.length > 0) throw new EventsRejectedError(rejected);
  return prepared;
}

/**
 * Publishes events with PutEvents: calls of at most 10 entries and `maxEntryBytes`, retrying only
 * the entries that failed with a retryable code (backoff + jitter). Options out of range throw
 * `InvalidPublishOptionError`; malformed events, entries over `maxEntryBytes` and events whose
 * delivered form exceeds `maxDeliveredBytes` are refused (`EventsRejectedError`) before any call. Resolves with one result per event in input order, or throws
 * `PublishFailedError` listing every event that was not accepted; never reports a failed entry as published.
 */
export async function publish(events: readonly PublishableEvent[], options: PublishOptions): Promise<PublishOutcome> {
  validatePublishOptions(options);
  const busName = options.eventBusName ?? 'default';
  const maxBytes = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  const sleep = options.sleep ?? realSleep;
  const prepared = prepareAll(events, options, busName, maxBytes, options.maxDeliveredBytes ?? MAX_DELIVERED_EVENT_BYTES);

  const published: (PublishedEvent | undefined)[] = new Array(events.length);
  const failed: FailedEvent[] = [];
  let pending: PendingEntry[] = prepared.map((p, index) => ({
    index,
    size: p.size,
    orderingKey: options.orderingKey?.(events[index]!, index),
    attempts: 0,
    readyAt: 0,
  }));
  let calls = 0;
  let retries = 0;
  // Time seen by backoff; advances by the requested sleep even when a test injects an instant sleep.
  let skew = 0;
  const now = () => Date.now() + skew;
  let lastCause: unknown;

  const fail = (entry: PendingEntry, errorCode: string, errorMessage: string) => {
    failed.push({ index: entry.index, eventId: prepared[entry.index]!.eventId, errorCode, errorMessage, attempts: entry.attempts });
    pending = pending.filter((p) => p !== entry);
    if (entry.orderingKey === undefined) return;
    // Later events of the same key must not overtake the one that failed: they fail unsent.
    for (const later of pending.filter((p) => p.orderingKey === entry.orderingKey && p.index > entry.index)) {
      failed.push({
        index: later.index,
        eventId: prepared[later.index]!.eventId,
        errorCode: 'BlockedByEarlierFailure',
        errorMessage: `not sent because event #${entry.index} with the same ordering key failed`,
        attempts: later.attempts,
      });
    }
    pending = pending.filter((p) => p.orderingKey !== entry.orderingKey || p.index < entry.index);
  };
  // One delay per call: the entries that failed together become ready together and share the next call.
  let callDelay = 0;
  const retryOrFail = (entry: PendingEntry, code: string, message: string) => {
    if (entry.attempts >= maxAttempts) {
      fail(entry, code, message);
      return false;
    }
    entry.readyAt = now() + callDelay;
    return true;
  };

  while (pending.length > 0) {
    const batch = selectBatch(pending, now(), maxBytes);
    const backingOff = pending.filter((p) => p.readyAt > now());
    // A call with room left waits for the entries in backoff instead of going out half empty:
    // the retries then share one call rather than costing one call each.
    const batchBytes = batch.reduce((sum, e) => sum + e.size, 0);
    const roomForRetry = batch.length < MAX_ENTRIES_PER_CALL && backingOff.some((p) => batchBytes + p.size <= maxBytes);
    if (batch.length === 0 || roomForRetry) {
      const wait = Math.max(0, Math.max(...backingOff.map((p) => p.readyAt)) - now());
      const before = Date.now();
      await sleep(wait);
      skew += Math.max(0, wait - (Date.now() - before));
      continue;
    }
    for (const entry of batch) entry.attempts += 1;
    calls += 1;
    callDelay = backoffDelay(Math.max(...batch.map((e) => e.attempts)), baseDelayMs, maxDelayMs, options.random);
    let response: PutEventsCommandOutput | undefined;
    try {
      response = await options.client.send(new PutEventsCommand({ Entries: batch.map((e) => prepared[e.index]!.entry) }));
    } catch (error) {
      lastCause = error;
      const code = (error as Error).name ?? 'Error';
      const message = (error as Error).message ?? String(error);
      if (!isRetryableCallError(error)) {
        for (const entry of batch) fail(entry, code, message);
        continue;
      }
      const retried = batch.filter((entry) => retryOrFail(entry, code, message)).length;
      if (retried > 0) {
        retries += retried;
        options.onRetry?.(retried);
      }
      continue;
    }
    let retried = 0;
    batch.forEach((entry, position) => {
      const result = response?.Entries?.[position];
      if (result !== undefined && result.ErrorCode === undefined && result.EventId !== undefined) {
        published[entry.index] = { index: entry.index, eventId: prepared[entry.index]!.eventId, eventBridgeId: result.EventId };
        pending = pending.filter((p) => p !== entry);
        return;
      }
      const code = result?.ErrorCode ?? 'MissingResult';
      const message = result?.ErrorMessage ?? 'PutEvents returned no result for this entry';
      if (RETRYABLE_ENTRY_CODES.has(code) && retryOrFail(entry, code, message)) retried += 1;
      else if (!RETRYABLE_ENTRY_CODES.has(code)) fail(entry, code, message);
    });
    if (retried > 0) {
      retries += retried;
      options.onRetry?.(retried);
    }
  }

  const successes = published.filter((p): p is PublishedEvent => p !== undefined);
  if (failed.length > 0) {
    throw new PublishFailedError(
      failed.sort((a, b) => a.index - b.index),
      successes,
      lastCause === undefined ? undefined : { cause: lastCause },
    );
  }
  return { published: successes, putEventsCalls: calls, retries };
}
