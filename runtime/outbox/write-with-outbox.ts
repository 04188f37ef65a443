import { createHash } from 'node:crypto';
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { DEFAULT_MAX_ENTRY_BYTES, prepareEntry } from '../publisher/entry';
import { getDefaultEventValidator } from '../publisher/validator';
import type { EventValidator } from '../publisher/validator';
import { InvalidOutboxEventError, OutboxError, OutboxLimitError, OutboxTransactionCanceledError } from './errors';
import type { OutboxCancellation } from './errors';
import { MAX_ITEM_BYTES, itemSize } from './item-size';
import { DEFAULT_OUTBOX_TTL_SECONDS, toOutboxRow } from './outbox-row';
import type { OutboxEvent } from './outbox-row';

/** DynamoDB's limits on one TransactWriteItems call. */
export const MAX_TRANSACTION_ITEMS = 100;
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

/** Input of `writeWithOutbox`. */
export interface WriteWithOutboxInput {
  /** The business writes (Put, Update, Delete, ConditionCheck), applied together with the events. */
  readonly writes: readonly TransactWriteItem[];
  readonly events: readonly OutboxEvent[];
  /** @default process.env.OUTBOX_TABLE_NAME */
  readonly outboxTableName?: string;
  /** @default 604800 (7 days) */
  readonly ttlSeconds?: number;
  /** Events larger than this are refused now rather than failing at publish time. @default 1048576 */
  readonly maxEntryBytes?: number;
  /** Schema check of each event before anything is written. @default the publisher's default validator, if set */
  readonly validator?: EventValidator;
  /** @default false */
  readonly skipValidation?: boolean;
}

/** What `writeWithOutbox` wrote. */
export interface WriteWithOutboxResult {
  readonly eventIds: readonly string[];
}

function itemOf(write: TransactWriteItem): Record<string, AttributeValue> | undefined {
  return write.Put?.Item;
}

/**
 * Applies the business `writes` and one outbox row per event in ONE TransactWriteItems: either the
 * state changes and every event will be published, or nothing happens. Checks DynamoDB's limits
 * (100 items, 400 KB per item, 4 MB per call) and the events' publishability before calling. The
 * client request token is derived from the event ids, so a retry of the same call within 10 minutes is idempotent.
 */
export async function writeWithOutbox(client: DynamoDBClient, input: WriteWithOutboxInput): Promise<WriteWithOutboxResult> {
  const tableName = input.outboxTableName ?? process.env['OUTBOX_TABLE_NAME'];
  if (tableName === undefined || tableName === '')
    throw new OutboxError('writeWithOutbox needs the outbox table: set OUTBOX_TABLE_NAME or pass `outboxTableName`.');
  if (input.events.length === 0)
    throw new OutboxError('writeWithOutbox needs at least one event; use TransactWriteItems directly for writes without events.');
  const total = input.writes.length + input.events.length;
  if (total > MAX_TRANSACTION_ITEMS) {
    throw new OutboxLimitError(
      `${input.writes.length} writes + ${input.events.length} events = ${total} items, over DynamoDB's ${MAX_TRANSACTION_ITEMS}-item transaction limit; split the change.`,
    );
  }
  const now = Date.now();
  const ttl = input.ttlSeconds ?? DEFAULT_OUTBOX_TTL_SECONDS;
  const maxEntryBytes = input.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  const validator = input.skipValidation === true ? undefined : (input.validator ?? getDefaultEventValidator());
  const rows = input.events.map((outboxEvent, index) => {
    const row = toOutboxRow(outboxEvent, now, ttl);
    if (typeof row === 'string') throw new InvalidOutboxEventError(index, row);
    const entry = prepareEntry(outboxEvent.event, 'default', maxEntryBytes);
    if (typeof entry === 'string') throw new InvalidOutboxEventError(index, `it could not be published: ${entry}`);
    try {
      validator?.validate({ source: outboxEvent.event.source, detailType: outboxEvent.event.detailType, detail: entry.detail });
    } catch (error) {
      throw new InvalidOutboxEventError(index, `schema validation failed: ${(error as Error).message}`);
    }
    return row;
  });
  let bytes = 0;
  const checkSize = (item: Record<string, AttributeValue> | undefined, label: string) => {
    if (item === undefined) return;
    const size = itemSize(item);
    bytes += size;
    if (size > MAX_ITEM_BYTES) {
      throw new OutboxLimitError(
        `${label} is ${size} bytes, over DynamoDB's ${MAX_ITEM_BYTES}-byte item limit; store the payload elsewhere and keep a reference.`,
      );
    }
  };
  input.writes.forEach((write, index) => checkSize(itemOf(write), `writes[${index}]`));
  rows.forEach((row, index) => checkSize(row, `events[${index}] (outbox row)`));
  if (bytes > MAX_TRANSACTION_BYTES)
    throw new OutboxLimitError(`The transaction carries ${bytes} bytes, over DynamoDB's 4 MB limit; split the change.`);

  const eventIds = rows.map((row) => row['sk']!.S!);
  const token = createHash('sha256').update(eventIds.join(',')).digest('hex').slice(0, 36);
  const outboxItems: TransactWriteItem[] = rows.map((row) => ({
    // A second row with the same entity and eventId would be a MODIFY, not a new event: refuse it.
    Put: { TableName: tableName, Item: row, ConditionExpression: 'attribute_not_exists(pk)' },
  }));
  try {
    await client.send(new TransactWriteItemsCommand({ TransactItems: [...input.writes, ...outboxItems], ClientRequestToken: token }));
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string; Message?: string }[] }).CancellationReasons;
    if ((error as Error).name === 'TransactionCanceledException' && reasons !== undefined) {
      const cancellations: OutboxCancellation[] = reasons.flatMap((reason, index) =>
        reason.Code === undefined || reason.Code === 'None'
          ? []
          : [
              {
                item: index < input.writes.length ? `writes[${index}]` : `events[${index - input.writes.length}]`,
                code: reason.Code,
                message: reason.Message,
              },
            ],
      );
      throw new OutboxTransactionCanceledError(cancellations, { cause: error });
    }
    throw error;
  }
  return { eventIds };
}
