import { DeleteMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { skipParkedSequence, type Cursor, type CursorStore } from '../runtime/sequencing';
import { dlqRoute } from './dlq-route';
import { OpsInputError } from './errors';
import { toParkedMessage, type ParkedMessage } from './parked-message';
import { cursorStoreOf } from './sequencing-records';
import { DEFAULT_HOLD_SECONDS, receiveBatch, releaseMessages } from './queue-reader';
import type { ConsumerResources, OpsTarget } from './types';

/**
 * Options of {@link skipParked}. Choose the parked events by `ids`, or by `entity` + `sequence`. Giving an event up
 * is final, so a real run needs `confirm` (`--yes`); `dryRun` shows what would happen.
 */
export interface SkipParkedOptions {
  /** DLQ message ids or eventIds of parked sequenced events. */
  readonly ids?: readonly string[];
  /** The quarantined entity (its message group id) … */
  readonly entity?: string;
  /** … and the parked sequence to give up on. */
  readonly sequence?: number;
  /** Only report what would be skipped; nothing changes. @default false */
  readonly dryRun?: boolean;
  /** The operator confirmed that the events are given up for good (`--yes`). Required unless `dryRun`. */
  readonly confirm?: boolean;
  /** Seconds a read DLQ message stays hidden if the run dies before finishing it. @default 30 */
  readonly holdSeconds?: number;
}

/** One parked event and what happened to it. */
export interface SkipItem {
  readonly entity: string;
  readonly sequence: number;
  /** The DLQ message of the parked event; undefined when it was not found in the DLQ (deleted, expired, or hidden). */
  readonly messageId?: string;
  readonly eventId?: string;
  /**
   * `skipped` (the quarantine ended, then the DLQ message was deleted), `would-skip` (dry run), `already-past` (the
   * cursor is already past the sequence, e.g. a run killed after its skip: the DLQ message is only deleted), or
   * `failed` (nothing changed; see `error`).
   */
  readonly status: 'skipped' | 'would-skip' | 'already-past' | 'failed';
  /** Events of the entity held behind the parked one, now applied in order by the consumer. */
  readonly held: number;
  /** Whether the next held event was sent back to the consumer queue to start the drain at once. */
  readonly released: boolean;
  /** Whether the DLQ message was deleted (only after the skip was recorded on the cursor). */
  readonly deleted: boolean;
  readonly error?: string;
}

/** What {@link skipParked} did. */
export interface SkipParkedResult {
  readonly consumer: string;
  readonly dryRun: boolean;
  readonly items: SkipItem[];
  /** `ids` that matched no DLQ message. */
  readonly notFound: string[];
  /** True when an item failed or an id was not found: exit 1. */
  readonly problem: boolean;
}

/**
 * Gives up on parked sequenced events of an ordered consumer, releasing the entities quarantined behind them. For
 * each: `skipParkedSequence` (runtime/sequencing) marks the sequence done on the entity's cursor (never applied),
 * ends the quarantine and sends the entity's next held event back to the consumer queue, which applies it and
 * drains the rest in order at once; only then is the parked message deleted from the consumer DLQ. Safe to re-run:
 * a sequence the cursor is already past is reported `already-past` and only its DLQ message is deleted.
 */
export async function skipParked(target: OpsTarget, consumerName: string, options: SkipParkedOptions): Promise<SkipParkedResult> {
  const byEntity = options.entity !== undefined || options.sequence !== undefined;
  if (options.ids !== undefined && byEntity) throw new OpsInputError('Choose the parked events either by --ids or by --entity and --sequence, not both.');
  if (options.ids === undefined && !byEntity)
    throw new OpsInputError('Choose what to skip: --ids <id,...> (DLQ message ids or eventIds) or --entity <id> --sequence <n>.');
  if (byEntity && (options.entity === undefined || options.entity === '' || options.sequence === undefined)) {
    throw new OpsInputError('--entity and --sequence go together: the entity quarantined and the parked sequence to give up on.');
  }
  if (options.sequence !== undefined && !(Number.isInteger(options.sequence) && options.sequence >= 1)) {
    throw new OpsInputError(`--sequence must be a positive whole number; got ${String(options.sequence)}.`);
  }
  if (options.dryRun !== true && options.confirm !== true) {
    throw new OpsInputError(
      'dlq skip gives the parked events up for good (their effect is never applied): add --yes to confirm, or --dry-run to see what it would do.',
    );
  }
  const consumer = await target.consumer(consumerName);
  const route = dlqRoute(consumer, 'consumer');
  const store = requireCursorStore(target, consumer);
  const ids = new Set(options.ids ?? []);
  const wanted = (m: ParkedMessage): boolean =>
    byEntity
      ? sequenceOf(m)?.entity === options.entity && sequenceOf(m)?.sequence === options.sequence
      : ids.has(m.messageId) || (m.eventId !== undefined && ids.has(m.eventId));

  const held: Message[] = [];
  const items: SkipItem[] = [];
  const found = new Set<string>();
  try {
    for (;;) {
      const batch = await receiveBatch(target.sqs, route.dlq, options.holdSeconds ?? DEFAULT_HOLD_SECONDS);
      if (batch.length === 0) break;
      for (const message of batch) {
        const parked = toParkedMessage(message);
        if (!wanted(parked)) {
          held.push(message);
          continue;
        }
        found.add(parked.messageId);
        if (parked.eventId !== undefined) found.add(parked.eventId);
        const item = await skipOne(target, store, consumer, parked, message, options.dryRun === true);
        if (!item.deleted) held.push(message);
        items.push(item);
      }
    }
  } finally {
    await releaseMessages(target.sqs, route.dlq, held);
  }
  // The parked message may be gone (deleted by hand, past the DLQ's retention): the quarantine can still be ended.
  if (byEntity && items.length === 0)
    items.push(await skipOne(target, store, consumer, undefined, undefined, options.dryRun === true, { entity: options.entity!, sequence: options.sequence! }));
  const notFound = [...ids].filter((id) => !found.has(id));
  return {
    consumer: consumer.name,
    dryRun: options.dryRun === true,
    items,
    notFound,
    problem: notFound.length > 0 || items.some((item) => item.status === 'failed'),
  };
}

/** The consumer's cursor store; a consumer without a dedupe table or consumer queue keeps no cursors to skip on. */
function requireCursorStore(target: OpsTarget, consumer: ConsumerResources): CursorStore {
  const store = cursorStoreOf(target, consumer);
  if (store === undefined || consumer.queue === undefined) {
    throw new OpsInputError(`Consumer ${consumer.name} has no dedupe table or consumer queue here, so it keeps no sequence cursors: there is nothing to skip.`);
  }
  return store;
}

/** The entity and sequence a parked message quarantines: the consumer's `Entity`/`Sequence` attributes, else its group and envelope. */
function sequenceOf(m: ParkedMessage): { entity: string; sequence: number } | undefined {
  const entity = m.attributes.Entity ?? m.entity;
  const sequence = m.attributes.Sequence === undefined ? m.sequence : Number(m.attributes.Sequence);
  return entity === undefined || sequence === undefined || !Number.isInteger(sequence) ? undefined : { entity, sequence };
}

async function skipOne(
  target: OpsTarget,
  store: CursorStore,
  consumer: ConsumerResources,
  parked: ParkedMessage | undefined,
  message: Message | undefined,
  dryRun: boolean,
  given?: { entity: string; sequence: number },
): Promise<SkipItem> {
  const where = given ?? (parked === undefined ? undefined : sequenceOf(parked));
  const base = {
    messageId: parked?.messageId,
    eventId: parked?.eventId,
    held: 0,
    released: false,
    deleted: false,
  };
  if (where === undefined) {
    return {
      ...base,
      entity: parked?.entity ?? '-',
      sequence: 0,
      status: 'failed',
      error: 'not a sequenced event of an ordered consumer: nothing is quarantined behind it. Redrive it, or delete it once recorded.',
    };
  }
  const { entity, sequence } = where;
  const deleteParked = async (): Promise<boolean> => {
    if (message === undefined) return false;
    // Only after the cursor records the skip: a run killed before this leaves the message for a re-run.
    await target.sqs.send(
      new DeleteMessageCommand({
        QueueUrl: consumer.deadLetterQueue!.url,
        ReceiptHandle: message.ReceiptHandle!,
      }),
    );
    return true;
  };
  try {
    const cursor = await store.readCursor(entity);
    const heldBehind = [...cursor.held].filter((s) => s > sequence).length;
    if (cursor.parkedSequence === sequence) {
      if (dryRun)
        return {
          ...base,
          entity,
          sequence,
          status: 'would-skip',
          held: heldBehind,
        };
      const result = await skipParkedSequence({
        store,
        sqs: target.sqs,
        queueUrl: consumer.queue!.url,
        entity,
        sequence,
      });
      return {
        ...base,
        entity,
        sequence,
        status: 'skipped',
        held: result.held,
        released: result.released,
        deleted: await deleteParked(),
      };
    }
    if (isPast(cursor, sequence)) {
      return {
        ...base,
        entity,
        sequence,
        status: 'already-past',
        deleted: dryRun ? false : await deleteParked(),
      };
    }
    return {
      ...base,
      entity,
      sequence,
      status: 'failed',
      error:
        cursor.parkedSequence === undefined
          ? `entity ${entity} is not quarantined (last applied ${cursor.applied ?? 'none'}): nothing to skip; redrive the message instead.`
          : `entity ${entity} is quarantined behind sequence ${cursor.parkedSequence}, not ${sequence}: skip that one.`,
    };
  } catch (error) {
    return {
      ...base,
      entity,
      sequence,
      status: 'failed',
      error: (error as Error).message,
    };
  }
}

/** The cursor is at or past `sequence`: skipped before (a re-run), or applied. */
function isPast(cursor: Cursor, sequence: number): boolean {
  return cursor.applied !== undefined && cursor.applied >= sequence;
}
