import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { MetricName } from '../observability/index';
import type { Telemetry } from '../observability/index';
import { DEFAULT_MAX_ENTRY_BYTES, getDefaultEventValidator, publish, PublishFailedError } from '../publisher/index';
import type { PublishOptions, PutEventsSender } from '../publisher/index';
import type { EventValidator } from '../envelope/index';
import { MalformedOutboxRowError } from './errors';
import { CREATED_AT_ATTRIBUTE } from './outbox-keys';
import type { OutboxTable } from './outbox-table';
import { readOutboxRow } from './stream-record';

/** Default of `olderThanMs`: rows younger than this are left to the stream publisher. */
export const DEFAULT_SWEEP_AFTER_MS = 5 * 60 * 1000;
/** Default of `maxRows`: rows one sweep reads at most (the next sweep takes the rest). */
export const DEFAULT_SWEEP_MAX_ROWS = 5000;

/** Options of `sweepOutbox`. */
export interface SweepOutboxOptions {
  readonly table: OutboxTable;
  readonly client: PutEventsSender;
  readonly eventBusName: string;
  /** Only rows written at least this long ago are sent. @default 300000 (5 minutes) */
  readonly olderThanMs?: number;
  /** @default 5000 */
  readonly maxRows?: number;
  /** Report what would be sent and parked, send and write nothing. @default false */
  readonly dryRun?: boolean;
  readonly telemetry?: Telemetry;
  /** @default the publisher's default validator, if set */
  readonly validator?: EventValidator;
  /** @default false */
  readonly skipValidation?: boolean;
  /** Retry and size settings handed to `publish()`. */
  readonly publish?: Pick<PublishOptions, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'maxEntryBytes' | 'sleep' | 'random'>;
  /** @default Date.now() */
  readonly now?: number;
}

/** One row a sweep looked at, and what became of it. */
export interface SweptRow {
  readonly entityKey: string;
  readonly eventId: string;
  readonly sequence: number | undefined;
  readonly detailType: string | undefined;
  /** When the row was written (ms). */
  readonly createdAt: number | undefined;
  readonly outcome: 'published' | 'failed' | 'parked' | 'would-publish' | 'would-park';
  /** Why it failed or is parked. */
  readonly reason?: string;
}

/** What one sweep did. */
export interface SweepResult {
  readonly examined: number;
  readonly published: number;
  readonly failed: number;
  readonly parked: number;
  /** Published rows whose mark could not be written: the next sweep sends them again. */
  readonly unmarked: number;
  readonly putEventsCalls: number;
  /** Every row looked at, entity by entity, each entity's rows in sequence order. */
  readonly rows: readonly SweptRow[];
}

type Row = Record<string, AttributeValue>;

const numberOf = (value: AttributeValue | undefined): number | undefined => (value?.N === undefined ? undefined : Number(value.N));

/** Each entity's rows in the order they were written: by sequence, then write time, then eventId (a ULID). */
function inEntityOrder(rows: readonly Row[]): Row[] {
  const key = (row: Row): [number, number, string] => [
    numberOf(row['sequence']) ?? 0,
    numberOf(row[CREATED_AT_ATTRIBUTE]) ?? 0,
    row['sk']?.S ?? '',
  ];
  return [...rows].sort((a, b) => {
    const entity = (a['pk']?.S ?? '').localeCompare(b['pk']?.S ?? '');
    if (entity !== 0) return entity;
    const [sa, ca, ia] = key(a);
    const [sb, cb, ib] = key(b);
    return sa - sb || ca - cb || ia.localeCompare(ib);
  });
}

/**
 * Publishes the outbox rows that are still pending `olderThanMs` after they were written: the ones
 * the stream publisher did not get onto the bus (an outage longer than its retry budget, a shard's
 * records discarded to the on-failure queue, a publisher that crashed before marking). Each entity's
 * rows go out in sequence order with the same eventId they were written with, a later row only after
 * the earlier one was accepted; accepted rows are marked published, rows that can never be published
 * are parked with their reason. A row the stream publisher is still retrying may be sent twice:
 * consumers drop the copy by eventId.
 */
export async function sweepOutbox(options: SweepOutboxOptions): Promise<SweepResult> {
  const logger = options.telemetry?.logger;
  const now = options.now ?? Date.now();
  const maxEntryBytes = options.publish?.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  const validator = options.skipValidation === true ? undefined : (options.validator ?? getDefaultEventValidator());
  const rows = inEntityOrder(await options.table.pendingRows(now - (options.olderThanMs ?? DEFAULT_SWEEP_AFTER_MS), options.maxRows ?? DEFAULT_SWEEP_MAX_ROWS));
  const swept: SweptRow[] = [];
  const ready: { index: number; event: ReturnType<typeof readOutboxRow> }[] = [];
  let parked = 0;
  for (const row of rows) {
    const base = {
      entityKey: row['pk']?.S ?? '',
      eventId: row['sk']?.S ?? '',
      sequence: numberOf(row['sequence']),
      detailType: row['detailType']?.S,
      createdAt: numberOf(row[CREATED_AT_ATTRIBUTE]),
    };
    try {
      ready.push({ index: swept.length, event: readOutboxRow(row, undefined, maxEntryBytes, validator) });
      swept.push({ ...base, outcome: options.dryRun === true ? 'would-publish' : 'published' });
    } catch (error) {
      if (!(error instanceof MalformedOutboxRowError)) throw error;
      if (options.dryRun === true) {
        swept.push({ ...base, outcome: 'would-park', reason: error.reason });
        continue;
      }
      await options.table.park({ pk: base.entityKey, sk: base.eventId }, error.reason);
      parked += 1;
      swept.push({ ...base, outcome: 'parked', reason: error.reason });
      logger?.error('Malformed outbox row parked by the sweeper: it can never be published; it stays in the outbox table until someone acts', {
        entityKey: base.entityKey,
        eventId: base.eventId,
        reason: error.reason,
      });
    }
  }
  options.telemetry?.count(MetricName.EventsParked, parked);
  if (options.dryRun === true || ready.length === 0) {
    return { examined: rows.length, published: 0, failed: 0, parked, unmarked: 0, putEventsCalls: 0, rows: swept };
  }

  let putEventsCalls = 0;
  let failed = 0;
  let unmarked = 0;
  let publishedCount = 0;
  // Published and marked chunk by chunk (whole entities per chunk), so a run cut short keeps its progress.
  for (const chunk of entityChunks(ready, SWEEP_CHUNK_ROWS)) {
    const failedIndexes = new Set<number>();
    try {
      const outcome = await publish(
        chunk.map((r) => r.event.event),
        {
          ...options.publish,
          client: options.client,
          eventBusName: options.eventBusName,
          orderingKey: (_event, index) => chunk[index]!.event.entityKey,
          skipValidation: true,
          onRetry: (entries) => options.telemetry?.count(MetricName.PublishRetries, entries),
        },
      );
      putEventsCalls += outcome.putEventsCalls;
    } catch (error) {
      const failures =
        error instanceof PublishFailedError
          ? error.failed
          : chunk.map((_, index) => ({ index, errorCode: (error as Error).name, errorMessage: (error as Error).message }));
      for (const failure of failures) {
        failedIndexes.add(failure.index);
        const at = chunk[failure.index]!.index;
        swept[at] = { ...swept[at]!, outcome: 'failed', reason: `${failure.errorCode}: ${failure.errorMessage}` };
      }
      logger?.warn('Outbox sweep: some pending rows were not published; the next sweep tries again', { failed: failedIndexes.size });
    }
    const chunkAccepted = chunk.filter((_, index) => !failedIndexes.has(index)).map((r) => r.event.row);
    if (chunkAccepted.length > 0) unmarked += await options.table.markPublished(chunkAccepted);
    publishedCount += chunkAccepted.length;
    failed += failedIndexes.size;
  }
  options.telemetry?.count(MetricName.EventsProcessed, publishedCount);
  options.telemetry?.count(MetricName.EventsFailed, failed);
  if (publishedCount > 0) logger?.info('Outbox sweep republished pending rows', { published: publishedCount, failed, parked });
  return { examined: rows.length, published: publishedCount, failed, parked, unmarked, putEventsCalls, rows: swept };
}

/** Rows one publish-and-mark step of a sweep takes, at most (an entity is never split unless it alone is larger). */
const SWEEP_CHUNK_ROWS = 500;

/** Splits rows (sorted by entity) into chunks of about `size`, cutting only between entities. */
function entityChunks<T extends { event: { entityKey: string } }>(rows: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  rows.forEach((row, index) => {
    const newEntity = index === 0 || rows[index - 1]!.event.entityKey !== row.event.entityKey;
    if (newEntity && current.length >= size) {
      chunks.push(current);
      current = [];
    }
    current.push(row);
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}
