import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { EventValidator, PublishableEvent } from '../envelope/index';
import { prepareEntry } from '../publisher/index';
import { MalformedOutboxRowError } from './errors';

/** An outbox row read back (from the stream or the table), ready to publish. */
export interface StreamedOutboxEvent {
  /** The stream record's sequence number. */
  readonly sequenceNumber: string;
  readonly entityKey: string;
  readonly eventId: string;
  /** The entity's sequence number of the event, when the row has one. */
  readonly sequence: number | undefined;
  readonly event: PublishableEvent;
  /** The row as stored: what the publisher writes back when it marks the row published. */
  readonly row: Record<string, AttributeValue>;
}

/**
 * Reads an outbox row into a publishable event. Throws `MalformedOutboxRowError` with the reason when
 * the row can never be published (missing attribute, detail not a JSON object, oversize, `sk` not the
 * eventId, rejected by the schema validator). `sequenceNumber` only labels errors.
 */
export function readOutboxRow(
  row: Record<string, AttributeValue>,
  sequenceNumber: string | undefined,
  maxEntryBytes: number,
  validator?: EventValidator,
): Omit<StreamedOutboxEvent, 'sequenceNumber'> {
  const text = (name: string): string => {
    const value = row[name]?.S;
    if (value === undefined || value === '')
      throw new MalformedOutboxRowError(sequenceNumber, `attribute ${name} is missing or not a non-empty string`);
    return value;
  };
  const entityKey = text('pk');
  const eventId = text('sk');
  const event: PublishableEvent = { source: text('source'), detailType: text('detailType'), detail: text('detail') };
  const prepared = prepareEntry(event, 'default', maxEntryBytes);
  if (typeof prepared === 'string') throw new MalformedOutboxRowError(sequenceNumber, `row ${entityKey} / ${eventId}: ${prepared}`);
  if (prepared.eventId !== eventId) {
    throw new MalformedOutboxRowError(
      sequenceNumber,
      `row ${entityKey} / ${eventId}: detail.metadata.eventId is ${JSON.stringify(prepared.eventId)}, not the sort key`,
    );
  }
  if (validator !== undefined) {
    try {
      validator.validate({ source: event.source, detailType: event.detailType, detail: prepared.detail });
    } catch (error) {
      throw new MalformedOutboxRowError(sequenceNumber, `row ${entityKey} / ${eventId} failed schema validation: ${(error as Error).message}`);
    }
  }
  const sequenceText = row['sequence']?.N;
  const sequence = sequenceText === undefined ? undefined : Number(sequenceText);
  return { entityKey, eventId, sequence, event, row };
}

/**
 * Reads an outbox row from a stream INSERT record's NewImage. Throws `MalformedOutboxRowError` with
 * the reason when the row can never be published (see {@link readOutboxRow}).
 */
export function readOutboxStreamRecord(record: DynamoDBRecord, maxEntryBytes: number, validator?: EventValidator): StreamedOutboxEvent {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  if (sequenceNumber === undefined) throw new MalformedOutboxRowError(undefined, 'the stream record has no dynamodb.SequenceNumber');
  const image = record.dynamodb?.NewImage;
  if (image === undefined)
    throw new MalformedOutboxRowError(sequenceNumber, 'no NewImage: the stream view type must be NEW_IMAGE or NEW_AND_OLD_IMAGES');
  // aws-lambda's and the SDK's AttributeValue describe the same wire shape.
  return { sequenceNumber, ...readOutboxRow(image as Record<string, AttributeValue>, sequenceNumber, maxEntryBytes, validator) };
}
