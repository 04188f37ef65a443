import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { EventRejectedByValidatorError, MalformedEventError, isReprocessReplay, parseSqsMessageBody, replayScopedKey, validateConsumedEvent } from '../envelope/index';
import type { ConsumedEvent, ParseEventOptions } from '../envelope/index';
import { TooManyTransactionalWritesError, TransactionalWriteError, isTransactionalResult } from '../dedupe/index';
import type { CancellationReason, DedupeStore, TransactionalResult } from '../dedupe/index';
import { MetricName } from '../observability/index';
import type { Telemetry } from '../observability/index';
import { ContentConflictError, HeldEventTooLargeError, SKIPPED_HASH, contentHash, missingSequences } from '../sequencing/index';
import type { Cursor, CursorStore, SequencingSettings } from '../sequencing/index';
import { PermanentError, SkippedSequenceArrivedError, TimeBudgetExhaustedError } from './errors';
import { parkMessage } from './park-message';
import { processFifoBatch } from './process-batch';
import type { RecordOutcome } from './process-batch';

/** What a handler learns about the message carrying its event. */
export interface MessageContext {
  /** The SQS messageId; `held:<entity>:<sequence>` for a held event applied from the dedupe table. */
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
 * docs/runtime.md), or `transactional(writes)` to have DynamoDB writes committed exactly once with the
 * marker (or the entity's cursor). Throw `PermanentError` for a failure no retry can fix.
 */
export type EventHandler<TData = unknown> = (
  event: ConsumedEvent<TData>,
  context: MessageContext,
) => Promise<void | TransactionalResult<unknown>> | void | TransactionalResult<unknown>;

/** Everything one batch needs, resolved once at cold start. */
export interface ConsumeDeps<TData> {
  readonly handler: EventHandler<TData>;
  readonly store: DedupeStore;
  /** Present for an ordered consumer (ORDERED=true). */
  readonly cursors: CursorStore | undefined;
  readonly settings: SequencingSettings;
  readonly telemetry: Telemetry;
  readonly concurrency: number;
  readonly parse: ParseEventOptions | undefined;
  readonly sqs: () => SQSClient;
  readonly deadLetterQueueUrl: string | undefined;
  readonly maxAttempts: number;
  readonly safetyMarginMs: number;
  readonly now: () => number;
}

const MAX_TRANSACT_ITEMS = 100;
const MAX_CONFLICT_ATTEMPTS = 4;

/** Errors no retry can fix: parked at once. */
function isPermanent(error: unknown): boolean {
  return error instanceof PermanentError || error instanceof MalformedEventError || error instanceof EventRejectedByValidatorError || error instanceof ContentConflictError;
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

/** A record standing for a held event applied from the table: same body and group, a stable synthetic id. */
function heldRecord(entity: string, sequence: number, body: string): SQSRecord {
  return {
    messageId: `held:${entity}:${sequence}`.slice(0, 128),
    receiptHandle: '',
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'held', ApproximateFirstReceiveTimestamp: '0', MessageGroupId: entity },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:dynamodb',
    eventSourceARN: '',
    awsRegion: '',
  };
}

type Parsed<TData> = { readonly event: ConsumedEvent<TData>; readonly hash: string } | Error;

/**
 * One SQS batch: parse all, read markers (unsequenced events) and cursors (sequenced events of an
 * ordered consumer) with one BatchGetItem each, then groups in parallel and messages of a group in order.
 */
export async function consumeBatch<TData>(sqsEvent: SQSEvent, lambdaContext: Context, deps: ConsumeDeps<TData>): Promise<SQSBatchResponse> {
  const { store, cursors, telemetry, handler } = deps;
  const { logger } = telemetry;
  const parseStructure: ParseEventOptions = deps.parse?.requireEnvelope === true ? { requireEnvelope: true } : {};
  const parseBody = (body: string): Parsed<TData> => {
    try {
      const event = parseSqsMessageBody<TData>(body, parseStructure);
      return { event, hash: contentHash(event.source, event.detailType, event.detail) };
    } catch (error) {
      return error as Error;
    }
  };
  const parsed = new Map<string, Parsed<TData>>(sqsEvent.Records.map((r) => [r.messageId, parseBody(r.body)]));
  const entityOf = (record: SQSRecord, event: ConsumedEvent<TData>): string | undefined =>
    cursors !== undefined && event.sequence !== undefined ? record.attributes?.MessageGroupId : undefined;
  /** `<eventId>#<replay-name>` for a copy delivered by a reprocess replay (see docs/runtime.md), else undefined. */
  const reprocessKeyOf = (event: ConsumedEvent<TData>): string | undefined =>
    isReprocessReplay(event.replayName) ? replayScopedKey(event.idempotencyKey, event.replayName) : undefined;

  const markerKeys: string[] = [];
  const entities: string[] = [];
  for (const record of sqsEvent.Records) {
    const p = parsed.get(record.messageId)!;
    if (p instanceof Error) continue;
    const entity = entityOf(record, p.event);
    const reprocessKey = reprocessKeyOf(p.event);
    if (entity === undefined) markerKeys.push(reprocessKey ?? p.event.idempotencyKey);
    else {
      entities.push(entity);
      // A reprocessed sequenced event is decided against the cursor, then keyed by its replay-scoped marker.
      if (reprocessKey !== undefined) markerKeys.push(reprocessKey);
    }
  }
  // Throws when DynamoDB is unavailable: the whole batch comes back, nothing has run yet.
  const [processed, cursorCache] = await Promise.all([
    store.findProcessed(markerKeys),
    cursors === undefined ? Promise.resolve(new Map<string, Cursor>()) : cursors.readCursors(entities),
  ]);
  const doneInBatch = new Map<string, string>();
  const remaining = () => lambdaContext.getRemainingTimeInMillis();
  // A short function (e.g. a 2 s timeout) keeps three quarters of its time for handlers.
  const margin = Math.min(deps.safetyMarginMs, Math.floor(remaining() / 4));
  const timeLeft = () => remaining() >= margin;

  const validate = (event: ConsumedEvent<TData>) => {
    if (deps.parse?.validator !== undefined) validateConsumedEvent(event as ConsumedEvent, deps.parse.validator);
  };

  /** Parks a message no retry can fix; for a sequenced event the entity is quarantined first. Acknowledged once parked. */
  const park = async (record: SQSRecord, error: Error, event: ConsumedEvent<TData> | undefined, cursor?: Cursor): Promise<RecordOutcome> => {
    const eventId = event?.idempotencyKey;
    const entity = cursor?.entity;
    const sequence = cursor === undefined ? undefined : event?.sequence;
    const details = {
      messageId: record.messageId,
      eventId,
      entity,
      sequence,
      errorType: error.name,
      reason: error.message,
      ...(error instanceof MalformedEventError ? { field: error.field } : {}),
    };
    // A parked message failed too: EventsFailed counts every failure, EventsParked those parked.
    telemetry.count(MetricName.EventsFailed);
    if (deps.deadLetterQueueUrl === undefined) {
      logger.error('Permanent failure, but DEAD_LETTER_QUEUE_URL is not set: reported failed, it reaches the DLQ by redrive', details);
      return { ok: false, error };
    }
    // A held event drained from the table (heldRecord) has no SQS message to redeliver it: its held item is
    // its only copy, and quarantine deletes that item. So it is parked first; a crash or failure in between
    // leaves it held (not applied, cursor unmoved), and the gap sweeper re-sends it.
    const fromTable = record.eventSource === 'aws:dynamodb';
    try {
      if (fromTable) await parkMessage(deps.sqs(), deps.deadLetterQueueUrl, record, error, { eventId, entity, sequence });
      if (cursor !== undefined && sequence !== undefined) {
        // Quarantine before parking: after a crash in between, the redelivery parks it again; the reverse
        // order could let a later event of the entity overtake a parked one.
        const outcome = await cursors!.quarantine(cursor, sequence, eventId ?? '');
        if (outcome === 'stale') throw new Error(`the cursor of ${cursor.entity} moved while quarantining sequence ${sequence}`);
        cursorCache.set(cursor.entity, { ...cursor, exists: true, parkedSequence: sequence, parkedEventId: eventId, held: new Set([...cursor.held].filter((s) => s !== sequence)) });
      }
      if (!fromTable) await parkMessage(deps.sqs(), deps.deadLetterQueueUrl, record, error, { eventId, entity, sequence });
    } catch (parkError) {
      logger.error('Parking a permanently failed message failed: reported failed, parking is tried again on redelivery', {
        ...details,
        parkError: parkError as Error,
      });
      return { ok: false, error };
    }
    logger.error(
      cursor === undefined
        ? 'Event parked in the dead-letter queue: it can never succeed as it is'
        : "Event parked in the dead-letter queue; its entity's later events are held until it is redriven or skipped",
      details,
    );
    telemetry.count(MetricName.EventsParked);
    return { ok: true };
  };

  /** A handler or commit failed: permanent errors and used-up attempt budgets park, others are retried by SQS. */
  const failed = async (record: SQSRecord, event: ConsumedEvent<TData>, error: unknown, cursor?: Cursor): Promise<RecordOutcome> => {
    const err = error instanceof Error ? error : new Error(String(error));
    if (isPermanent(err)) return park(record, err, event, cursor);
    let attempts: number;
    try {
      attempts = await store.countFailedAttempt(record.messageId);
    } catch (countError) {
      logger.error('Event handler failed, and its attempt could not be counted: reported failed', { eventId: event.idempotencyKey, error: err, countError: countError as Error });
      telemetry.count(MetricName.EventsFailed);
      return { ok: false, error: err };
    }
    if (attempts >= deps.maxAttempts) {
      logger.error(`Event handler failed ${attempts} times (MAX_ATTEMPTS ${deps.maxAttempts}): parking it`, { eventId: event.idempotencyKey, error: err });
      return park(record, err, event, cursor);
    }
    logger.error('Event handler failed: message and the rest of its group reported failed', {
      eventId: event.idempotencyKey,
      messageId: record.messageId,
      correlationId: event.correlationId,
      attempt: attempts,
      maxAttempts: deps.maxAttempts,
      error: err,
    });
    telemetry.count(MetricName.EventsFailed);
    return { ok: false, error: err };
  };

  const runHandler = async (record: SQSRecord, event: ConsumedEvent<TData>) => {
    validate(event);
    return handler(event, messageContext(record, event, lambdaContext, logger));
  };

  /**
   * Applies an event keyed by its marker: an unsequenced event (key = eventId), or a copy delivered by a reprocess
   * replay (key = `<eventId>#<replay-name>`, so it applies once per replay; no cursor is read or moved for it).
   */
  const processUnsequenced = async (record: SQSRecord, event: ConsumedEvent<TData>, hash: string, key: string = event.idempotencyKey): Promise<RecordOutcome> => {
    const eventId = event.idempotencyKey;
    const replay = key === eventId ? {} : { replayName: event.replayName };
    if (processed.has(key) || doneInBatch.has(key)) {
      const recorded = processed.get(key) ?? doneInBatch.get(key);
      if (recorded !== undefined && recorded !== hash) {
        return park(record, new ContentConflictError(`Event id ${eventId} was processed before with different content: a producer reused the id. Not applied.`), event);
      }
      logger.info('Duplicate event skipped', { eventId, messageId: record.messageId, correlationId: event.correlationId, ...replay });
      telemetry.count(MetricName.DuplicatesSkipped);
      return { ok: true };
    }
    try {
      const result = await runHandler(record, event);
      const info = { idempotencyKey: key, source: event.source, detailType: event.detailType, contentHash: hash };
      const outcome = isTransactionalResult(result) ? await store.commitWithMarker(info, result.writes) : await store.markProcessed(info);
      doneInBatch.set(key, hash);
      if (key !== eventId) logger.info('Event reprocessed by a reprocess replay', { eventId, messageId: record.messageId, ...replay });
      if (outcome === 'already-marked') {
        // Only possible when the FIFO/visibility conditions in docs/runtime.md do not hold.
        logger.warn('Event was already recorded as processed when its marker was written: a duplicate delivery ran at the same time', {
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
      return failed(record, event, error);
    }
  };

  /** Commits the cursor move (alone, or in the handler's transaction), retrying transaction conflicts. */
  const commitApply = async (cursor: Cursor, event: ConsumedEvent<TData>, hash: string, result: unknown): Promise<'committed' | 'stale'> => {
    const writes: readonly TransactWriteItem[] = isTransactionalResult(result) ? result.writes : [];
    const items = cursors!.applyWrites(cursor, event.sequence!, hash);
    if (writes.length + items.length > MAX_TRANSACT_ITEMS) throw new TooManyTransactionalWritesError(writes.length, event.idempotencyKey);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await cursors!.commit(items, writes);
      } catch (error) {
        const reasons = (error as { CancellationReasons?: { Code?: string; Message?: string }[] }).CancellationReasons;
        if ((error as Error).name !== 'TransactionCanceledException' || reasons === undefined) throw error;
        if (attempt < MAX_CONFLICT_ATTEMPTS && reasons.some((r) => r.Code === 'TransactionConflict')) {
          await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * (0.5 + Math.random() / 2)));
          continue;
        }
        const causes: CancellationReason[] = reasons
          .map((r, index) => ({ index, code: r.Code ?? 'Unknown', message: r.Message }))
          .filter((r) => r.index < writes.length && r.code !== 'None');
        throw new TransactionalWriteError(event.idempotencyKey, causes, { cause: error });
      }
    }
  };

  /**
   * Applies the entity's next sequence: handler, then one conditional cursor write. Returns the outcome,
   * or `stale` when the cursor moved meanwhile (re-read and decide again).
   */
  const applyNext = async (record: SQSRecord, event: ConsumedEvent<TData>, hash: string, cursor: Cursor, fromHeld: boolean): Promise<RecordOutcome | 'stale'> => {
    let outcome: 'committed' | 'stale';
    try {
      const result = await runHandler(record, event);
      outcome = await commitApply(cursor, event, hash, result);
    } catch (error) {
      return failed(record, event, error, cursor);
    }
    if (outcome === 'stale') {
      logger.warn("The entity's cursor moved while the handler ran (a duplicate delivery ran at the same time); deciding again", {
        entity: cursor.entity,
        sequence: event.sequence,
        eventId: event.idempotencyKey,
      });
      return 'stale';
    }
    cursorCache.set(cursor.entity, cursors!.afterApply(cursor, event.sequence!, hash));
    telemetry.count(fromHeld ? MetricName.HeldEventsApplied : MetricName.EventsProcessed);
    if (cursor.parkedSequence === event.sequence) logger.info('Parked event applied: quarantine released', { entity: cursor.entity, sequence: event.sequence });
    return { ok: true };
  };

  /** Applies the entity's held successors right away, while time is left; stops at a gap, a quarantine or a failure. */
  const drain = async (entity: string): Promise<void> => {
    try {
      for (;;) {
        const cursor = cursorCache.get(entity)!;
        const next = (cursor.applied ?? 0) + 1;
        if (cursor.applied === undefined || cursor.parkedSequence !== undefined || !cursor.held.has(next)) return;
        if (!timeLeft()) {
          logger.info('Drain paused by the time budget: the gap sweeper re-sends the next held event', { entity, next });
          return;
        }
        const held = await cursors!.readHeld(entity, next);
        if (held === undefined) return;
        const record = heldRecord(entity, next, held.body);
        const p = parseBody(held.body);
        if (p instanceof Error) {
          await park(record, p, undefined, cursor);
          return;
        }
        const outcome = await applyNext(record, p.event, p.hash, cursor, true);
        if (outcome === 'stale') {
          cursorCache.set(entity, await cursors!.readCursor(entity));
          continue;
        }
        if (!outcome.ok) return;
      }
    } catch (error) {
      // The message that started the drain is applied already; what is left stays held.
      logger.error('Draining held events stopped; they stay held and the gap sweeper re-sends them', { entity, error: error as Error });
    }
  };

  /** Adopts the lowest held sequence as the start of an entity first seen above 1, once its grace is over. */
  const adoptIfDue = async (entity: string): Promise<void> => {
    const cursor = cursorCache.get(entity)!;
    if (cursor.applied !== undefined || cursor.held.size === 0 || cursor.firstSeenAt === undefined) return;
    if (deps.now() - cursor.firstSeenAt < deps.settings.newEntityGraceSeconds * 1000) return;
    const first = Math.min(...cursor.held);
    if ((await cursors!.skipTo(cursor, first - 1)) === 'stale') return;
    logger.info('New entity: its first events never arrived within the grace, starting at its lowest held sequence', {
      entity,
      start: first,
      notSeen: missingSequences(0, first),
    });
    cursorCache.set(entity, await cursors!.readCursor(entity));
  };

  const processSequenced = async (record: SQSRecord, event: ConsumedEvent<TData>, hash: string, entity: string): Promise<RecordOutcome> => {
    const sequence = event.sequence!;
    for (let round = 0; round < 4; round += 1) {
      const cursor = cursorCache.get(entity)!;
      const next = (cursor.applied ?? 0) + 1;
      if (cursor.applied !== undefined && sequence <= cursor.applied) {
        const recorded = cursor.hashes.get(sequence);
        if (recorded === SKIPPED_HASH) return park(record, new SkippedSequenceArrivedError(entity, sequence), event);
        if (recorded !== undefined && recorded !== hash) {
          return park(record, new ContentConflictError(`Sequence ${sequence} of ${entity} was applied before with different content: a producer reused it. Not applied.`), event);
        }
        logger.info('Duplicate event skipped', { eventId: event.idempotencyKey, messageId: record.messageId, entity, sequence });
        telemetry.count(MetricName.DuplicatesSkipped);
        return { ok: true };
      }
      if (sequence === next && (cursor.parkedSequence === undefined || cursor.parkedSequence === sequence)) {
        const outcome = await applyNext(record, event, hash, cursor, false);
        if (outcome === 'stale') {
          cursorCache.set(entity, await cursors!.readCursor(entity));
          continue;
        }
        if (outcome.ok) await drain(entity);
        return outcome;
      }
      // Ahead of its entity (or behind a parked event): store it and acknowledge it.
      if (cursor.held.has(sequence)) {
        const held = await cursors!.readHeld(entity, sequence);
        if (held !== undefined && held.contentHash !== hash) {
          return park(record, new ContentConflictError(`Sequence ${sequence} of ${entity} is held with different content: a producer reused it. Not applied.`), event);
        }
        logger.info('Duplicate event skipped (already held)', { eventId: event.idempotencyKey, entity, sequence });
        telemetry.count(MetricName.DuplicatesSkipped);
        return { ok: true };
      }
      let outcome: 'held' | 'stale';
      try {
        outcome = await cursors!.hold(cursor, { sequence, eventId: event.idempotencyKey, contentHash: hash, body: record.body });
      } catch (error) {
        // Not quarantined: it is not the entity's next sequence, and its successors are held behind the gap it leaves.
        if (error instanceof HeldEventTooLargeError) return park(record, error, event);
        throw error;
      }
      if (outcome === 'stale') {
        cursorCache.set(entity, await cursors!.readCursor(entity));
        continue;
      }
      const now = deps.now();
      cursorCache.set(entity, {
        ...cursor,
        exists: true,
        held: new Set([...cursor.held, sequence]),
        firstSeenAt: cursor.firstSeenAt ?? now,
        gapOpenSince: cursor.gapOpenSince ?? now,
      });
      logger.info('Event held until the sequences before it are applied', {
        eventId: event.idempotencyKey,
        entity,
        sequence,
        waitingFor: cursor.parkedSequence ?? next,
        quarantined: cursor.parkedSequence !== undefined,
      });
      telemetry.count(MetricName.EventsHeld);
      await adoptIfDue(entity);
      await drain(entity);
      return { ok: true };
    }
    // The cursor kept moving under us: let SQS redeliver rather than guess.
    return { ok: false, error: new Error(`The cursor of ${entity} kept changing while processing sequence ${sequence}.`) };
  };

  const processRecord = async (record: SQSRecord): Promise<RecordOutcome> => {
    const left = remaining();
    if (left < margin) return { ok: false, error: new TimeBudgetExhaustedError(left, margin) };
    const p = parsed.get(record.messageId)!;
    if (p instanceof Error) return park(record, p, undefined);
    const entity = entityOf(record, p.event);
    const reprocessKey = reprocessKeyOf(p.event);
    try {
      if (entity === undefined) return await processUnsequenced(record, p.event, p.hash, reprocessKey);
      // A reprocessed copy of a sequence the live cursor is past runs again by its replay-scoped marker, in arrival
      // order, leaving the cursor alone; one the cursor has not reached yet is just a (late) copy of the live event.
      const applied = cursorCache.get(entity)?.applied;
      if (reprocessKey !== undefined && applied !== undefined && p.event.sequence! <= applied) return await processUnsequenced(record, p.event, p.hash, reprocessKey);
      return await processSequenced(record, p.event, p.hash, entity);
    } catch (error) {
      // Store errors outside a handler (hold, cursor reads): nothing half-done is acknowledged.
      logger.error('Processing failed before or after the handler: reported failed', { messageId: record.messageId, error: error as Error });
      telemetry.count(MetricName.EventsFailed);
      return { ok: false, error };
    }
  };

  return processFifoBatch(sqsEvent.Records, processRecord, {
    concurrency: deps.concurrency,
    onSkipped: (record, failedRecord) =>
      logger.warn('Message not processed: an earlier message of its group failed or the time budget ran out', {
        messageId: record.messageId,
        groupId: record.attributes?.MessageGroupId,
        failedMessageId: failedRecord.messageId,
      }),
  });
}
