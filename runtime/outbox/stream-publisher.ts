import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { MetricName } from '../observability/metric-names';
import type { Telemetry } from '../observability/telemetry';
import { DEFAULT_MAX_ENTRY_BYTES } from '../publisher/entry';
import { PublishFailedError } from '../publisher/errors';
import { publish } from '../publisher/publish';
import type { PublishOptions, PutEventsSender } from '../publisher/publish';
import { getDefaultEventValidator } from '../publisher/validator';
import type { EventValidator } from '../publisher/validator';
import { MalformedOutboxRowError } from './errors';
import { SEQUENCE_ITEM_SK } from './outbox-keys';
import type { OutboxRowMarker } from './outbox-table';
import { readOutboxStreamRecord } from './stream-record';
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
  readonly table?: OutboxRowMarker;
}

/** What one stream batch did. */
export interface OutboxBatchResult extends DynamoDBBatchResponse {
  readonly published: number;
  readonly failed: number;
  readonly malformed: number;
  /** Malformed rows parked in the table (a subset of `malformed`); they are not reported failed. */
  readonly parked: number;
  /** Published rows whose published mark could not be written: the sweeper will send them again. */
  readonly unmarked: number;
  readonly putEventsCalls: number;
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

  let published = ready.length;
  let putEventsCalls = 0;
  let unmarked = 0;
  const failedIndexes = new Set<number>();
  if (ready.length > 0) {
    try {
      const outcome = await publish(
        ready.map((r) => r.event),
        {
          ...options.publish,
          client: options.client,
          eventBusName: options.eventBusName,
          orderingKey: (_event, index) => ready[index]!.entityKey,
          skipValidation: true,
          onRetry: (entries) => options.telemetry?.count(MetricName.PublishRetries, entries),
        },
      );
      putEventsCalls = outcome.putEventsCalls;
    } catch (error) {
      for (const index of error instanceof PublishFailedError ? error.failed.map((f) => f.index) : ready.map((_, i) => i)) failedIndexes.add(index);
      published = ready.length - failedIndexes.size;
      for (const index of failedIndexes) {
        const row = ready[index]!;
        failedSequenceNumbers.push(row.sequenceNumber);
        const failure = error instanceof PublishFailedError ? error.failed.find((f) => f.index === index) : undefined;
        logger?.warn('Outbox event not published; its stream record will be retried', {
          eventId: row.eventId,
          entityKey: row.entityKey,
          sequenceNumber: row.sequenceNumber,
          errorCode: failure?.errorCode ?? (error as Error).name,
          errorMessage: failure?.errorMessage ?? (error as Error).message,
        });
      }
    }
  }
  if (options.table !== undefined && published > 0) {
    const accepted = ready.filter((_, index) => !failedIndexes.has(index)).map((r) => r.row);
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
    failed: failedSequenceNumbers.length - (malformed - parked),
    malformed,
    parked,
    unmarked,
    putEventsCalls,
  };
}
