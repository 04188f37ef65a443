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
}

/** What one stream batch did. */
export interface OutboxBatchResult extends DynamoDBBatchResponse {
  readonly published: number;
  readonly failed: number;
  readonly malformed: number;
  readonly putEventsCalls: number;
}

function lowest(sequenceNumbers: readonly string[]): string | undefined {
  return sequenceNumbers.reduce<string | undefined>((min, s) => (min === undefined || BigInt(s) < BigInt(min) ? s : min), undefined);
}

/**
 * Publishes a batch of outbox stream records (INSERTs; other records are acknowledged) to the bus:
 * as few PutEvents calls as the limits allow, retrying failed entries, events of one entity never
 * overtaking each other. Returns the LOWEST sequence number that was not published as the only
 * batch item failure, so Lambda checkpoints before it and retries from there: nothing is skipped.
 * A malformed row is logged with its reason and reported too; after the mapping's MaximumRetryAttempts
 * Lambda hands it to the on-failure destination and the shard moves on.
 */
export async function publishOutboxStream(streamEvent: DynamoDBStreamEvent, options: OutboxStreamPublisherOptions): Promise<OutboxBatchResult> {
  const logger = options.telemetry?.logger;
  const maxEntryBytes = options.publish?.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  const validator = options.skipValidation === true ? undefined : (options.validator ?? getDefaultEventValidator());
  const failedSequenceNumbers: string[] = [];
  const ready: StreamedOutboxEvent[] = [];
  let malformed = 0;
  for (const record of streamEvent.Records) {
    if (record.eventName !== 'INSERT') continue;
    try {
      ready.push(readOutboxStreamRecord(record, maxEntryBytes, validator));
    } catch (error) {
      if (!(error instanceof MalformedOutboxRowError)) throw error;
      malformed += 1;
      logger?.error('Malformed outbox row: it cannot be published and is reported failed so it ends in the on-failure destination', {
        sequenceNumber: error.sequenceNumber,
        eventSourceARN: record.eventSourceARN,
        reason: error.reason,
      });
      if (error.sequenceNumber !== undefined) failedSequenceNumbers.push(error.sequenceNumber);
    }
  }

  let published = ready.length;
  let putEventsCalls = 0;
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
      const failedIndexes = error instanceof PublishFailedError ? error.failed.map((f) => f.index) : ready.map((_, i) => i);
      published = ready.length - failedIndexes.length;
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
  options.telemetry?.count(MetricName.EventsProcessed, published);
  options.telemetry?.count(MetricName.EventsFailed, failedSequenceNumbers.length);
  const first = lowest(failedSequenceNumbers);
  return {
    batchItemFailures: first === undefined ? [] : [{ itemIdentifier: first }],
    published,
    failed: failedSequenceNumbers.length - malformed,
    malformed,
    putEventsCalls,
  };
}
