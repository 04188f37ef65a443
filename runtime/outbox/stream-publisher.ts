import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { MetricName } from '../observability/index';
import type { Telemetry } from '../observability/index';
import { DEFAULT_MAX_ENTRY_BYTES, getDefaultEventValidator, publish, PublishFailedError } from '../publisher/index';
import type { PublishOptions, PutEventsSender } from '../publisher/index';
import type { EventValidator } from '../envelope/index';
import { MalformedOutboxRowError } from './errors';
import { SEQUENCE_ITEM_SK } from './outbox-keys';
import type { OutboxRowStore } from './outbox-table';
import type { PublishedSequences } from './published-sequences';
import { readOutboxRow, readOutboxStreamRecord } from './stream-record';
import type { StreamedOutboxEvent } from './stream-record';

/** Options of `publishOutboxStream`. */
export interface OutboxStreamPublisherOptions {
  readonly client: PutEventsSender;
  readonly eventBusName: string;
  readonly telemetry?: Telemetry;
  /** @default the default validator of the publisher, if set */
  readonly validator?: EventValidator;
  readonly skipValidation?: boolean;
  /** Retry and size settings handed to `publish()`. */
  readonly publish?: Pick<PublishOptions, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'maxEntryBytes' | 'sleep' | 'random'>;
  /**
   * The outbox table (e.g. an `OutboxTable`): published rows are marked so the sweeper leaves them
   * alone, malformed rows are parked there with their reason. Without it nothing is marked and a
   * malformed row is only reported failed (tests and benchmarks of publishing alone).
   */
  readonly table?: OutboxRowStore;
  /**
   * What this publisher instance published before (keep one per Lambda container): an entity whose
   * next event directly follows it needs no catch-up Query.
   * @default none: every entity whose first event in the batch is not its first is looked up
   */
  readonly publishedSequences?: PublishedSequences;
}

/** What one stream batch did. */
export interface OutboxBatchResult extends DynamoDBBatchResponse {
  readonly published: number;
  readonly failed: number;
  readonly malformed: number;
  /** Earlier pending rows of the batch's entities published ahead of them (see `publishOutboxStream`). */
  readonly caughtUp: number;
  /** Malformed rows parked in the table (a subset of `malformed`); they are not reported failed. */
  readonly parked: number;
  /** Published rows whose published mark could not be written: the sweeper will send them again. */
  readonly unmarked: number;
  readonly putEventsCalls: number;
}

/** How many entities' earlier pending rows are looked up at once. */
const CATCH_UP_CONCURRENCY = 16;

/**
 * For each entity of the batch whose first event here is not its first ever (sequence > 1): its rows
 * still pending with a lower sequence, read and ordered; unreadable ones are parked. One consistent
 * Query per such entity; rows published in an earlier batch are no longer pending, so in normal
 * operation these queries return nothing.
 */
async function earlierPendingRows(
  ready: readonly StreamedOutboxEvent[],
  table: OutboxRowStore,
  maxEntryBytes: number,
  validator: EventValidator | undefined,
  logger: Telemetry['logger'] | undefined,
  published: PublishedSequences | undefined,
): Promise<Omit<StreamedOutboxEvent, 'sequenceNumber'>[]> {
  const firstSequence = new Map<string, number>();
  for (const row of ready) {
    if (row.sequence !== undefined) firstSequence.set(row.entityKey, Math.min(firstSequence.get(row.entityKey) ?? Infinity, row.sequence));
  }
  const entities = [...firstSequence.entries()].filter(([entityKey, sequence]) => sequence > 1 && published?.follows(entityKey, sequence) !== true);
  const found: Omit<StreamedOutboxEvent, 'sequenceNumber'>[] = [];
  for (let start = 0; start < entities.length; start += CATCH_UP_CONCURRENCY) {
    const pages = await Promise.all(entities.slice(start, start + CATCH_UP_CONCURRENCY).map(([entityKey, sequence]) => table.pendingBefore(entityKey, sequence)));
    for (const rows of pages) {
      for (const row of rows) {
        try {
          found.push(readOutboxRow(row, undefined, maxEntryBytes, validator));
        } catch (error) {
          if (!(error instanceof MalformedOutboxRowError)) throw error;
          await table.park({ pk: row['pk']!.S!, sk: row['sk']!.S! }, error.reason);
          logger?.error('Malformed outbox row parked: it can never be published; it stays in the outbox table until someone acts', {
            entityKey: row['pk']?.S,
            eventId: row['sk']?.S,
            reason: error.reason,
          });
        }
      }
    }
  }
  if (found.length > 0) logger?.info('Publishing earlier pending outbox rows ahead of their entities\' new events', { rows: found.length });
  return found;
}

function lowest(sequenceNumbers: readonly string[]): string | undefined {
  return sequenceNumbers.reduce<string | undefined>((min, s) => (min === undefined || BigInt(s) < BigInt(min) ? s : min), undefined);
}

/**
 * Publishes a batch of outbox stream records (INSERTs of event rows; other records and the entities'
 * sequence items are acknowledged) to the bus: as few PutEvents calls as the limits allow, retrying
 * failed entries, events of one entity never overtaking each other. Rows PutEvents accepted are then
 * marked published in `table`. Returns the LOWEST sequence number that was not published as the only
 * batch item failure, so Lambda checkpoints before it and retries from there while the mapping's retry
 * budget lasts; whatever is still unpublished after that stays pending in the table for the sweeper.
 * A malformed row is logged with its reason and parked in `table` (never published, never lost); only
 * if it cannot be parked is it reported failed.
 */
export async function publishOutboxStream(streamEvent: DynamoDBStreamEvent, options: OutboxStreamPublisherOptions): Promise<OutboxBatchResult> {
  const logger = options.telemetry?.logger;
  const maxEntryBytes = options.publish?.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  const validator = options.skipValidation === true ? undefined : (options.validator ?? getDefaultEventValidator());
  const failedSequenceNumbers: string[] = [];
  const ready: StreamedOutboxEvent[] = [];
  let malformed = 0;
  let parked = 0;
  for (const record of streamEvent.Records) {
    if (record.eventName !== 'INSERT') continue;
    const keys = record.dynamodb?.Keys ?? record.dynamodb?.NewImage;
    if (keys?.['sk']?.S === SEQUENCE_ITEM_SK) continue;
    try {
      ready.push(readOutboxStreamRecord(record, maxEntryBytes, validator));
    } catch (error) {
      if (!(error instanceof MalformedOutboxRowError)) throw error;
      malformed += 1;
      const pk = keys?.['pk']?.S;
      const sk = keys?.['sk']?.S;
      if (options.table !== undefined && pk !== undefined && sk !== undefined) {
        try {
          const found = await options.table.park({ pk, sk }, error.reason);
          parked += 1;
          options.telemetry?.count(MetricName.EventsParked, 1);
          logger?.error(
            found
              ? 'Malformed outbox row parked: it can never be published; it stays in the outbox table (pendingShard "parked", parkReason) until someone fixes and republishes or deletes it'
              : 'Malformed outbox row is no longer in the table; nothing to publish or park',
            { sequenceNumber: error.sequenceNumber, entityKey: pk, eventId: sk, reason: error.reason },
          );
          continue;
        } catch (parkError) {
          logger?.error('Malformed outbox row could not be parked; its stream record is reported failed', {
            sequenceNumber: error.sequenceNumber,
            entityKey: pk,
            eventId: sk,
            reason: error.reason,
            parkError: (parkError as Error).message,
          });
        }
      } else {
        logger?.error('Malformed outbox row: it cannot be published and is reported failed (no outbox table to park it in)', {
          sequenceNumber: error.sequenceNumber,
          eventSourceARN: record.eventSourceARN,
          reason: error.reason,
        });
      }
      if (error.sequenceNumber !== undefined) failedSequenceNumbers.push(error.sequenceNumber);
    }
  }

  // Rows of the batch's entities that the stream gave up on earlier (an outage past the retry budget) go first,
  // so an entity's events reach the bus in sequence order, not a new event ahead of an old pending one.
  const catchUp =
    options.table === undefined ? [] : await earlierPendingRows(ready, options.table, maxEntryBytes, validator, logger, options.publishedSequences);
  const items: { readonly row: Omit<StreamedOutboxEvent, 'sequenceNumber'>; readonly sequenceNumber?: string }[] = [
    ...catchUp.map((row) => ({ row })),
    ...ready.map((row) => ({ row, sequenceNumber: row.sequenceNumber })),
  ];
  let putEventsCalls = 0;
  let unmarked = 0;
  const failedIndexes = new Set<number>();
  if (items.length > 0) {
    try {
      const outcome = await publish(
        items.map((item) => item.row.event),
        {
          ...options.publish,
          client: options.client,
          eventBusName: options.eventBusName,
          orderingKey: (_event, index) => items[index]!.row.entityKey,
          skipValidation: true,
          onRetry: (entries) => options.telemetry?.count(MetricName.PublishRetries, entries),
        },
      );
      putEventsCalls = outcome.putEventsCalls;
    } catch (error) {
      for (const index of error instanceof PublishFailedError ? error.failed.map((f) => f.index) : items.map((_, i) => i)) failedIndexes.add(index);
      for (const index of failedIndexes) {
        const { row, sequenceNumber } = items[index]!;
        // A catch-up row has no stream record; it stays pending, and its entity's records in this batch are blocked behind it.
        if (sequenceNumber !== undefined) failedSequenceNumbers.push(sequenceNumber);
        const failure = error instanceof PublishFailedError ? error.failed.find((f) => f.index === index) : undefined;
        logger?.warn('Outbox event not published; its stream record will be retried, and the row stays pending for the sweeper', {
          eventId: row.eventId,
          entityKey: row.entityKey,
          sequence: row.sequence,
          sequenceNumber,
          errorCode: failure?.errorCode ?? (error as Error).name,
          errorMessage: failure?.errorMessage ?? (error as Error).message,
        });
      }
    }
  }
  const published = ready.length - [...failedIndexes].filter((index) => index >= catchUp.length).length;
  const caughtUp = catchUp.length - [...failedIndexes].filter((index) => index < catchUp.length).length;
  if (options.publishedSequences !== undefined) {
    items.forEach((item, index) => {
      if (!failedIndexes.has(index) && item.row.sequence !== undefined) options.publishedSequences!.record(item.row.entityKey, item.row.sequence);
    });
  }
  if (options.table !== undefined && published + caughtUp > 0) {
    const accepted = items.filter((_, index) => !failedIndexes.has(index)).map((item) => item.row.row);
    try {
      unmarked = await options.table.markPublished(accepted);
    } catch (error) {
      unmarked = accepted.length;
      logger?.warn('Published outbox rows could not be marked published; the sweeper will publish them again (same eventId)', {
        rows: accepted.length,
        error: (error as Error).message,
      });
    }
    if (unmarked > 0) logger?.warn('Some published outbox rows are still marked pending; the sweeper will publish them again', { unmarked });
  }
  options.telemetry?.count(MetricName.EventsProcessed, published);
  options.telemetry?.count(MetricName.EventsFailed, failedSequenceNumbers.length);
  const first = lowest(failedSequenceNumbers);
  return {
    batchItemFailures: first === undefined ? [] : [{ itemIdentifier: first }],
    published,
    caughtUp,
    failed: failedSequenceNumbers.length - (malformed - parked),
    malformed,
    parked,
    unmarked,
    putEventsCalls,
  };
}
