import { createHash } from 'node:crypto';
import { GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { DEFAULT_MAX_ENTRY_BYTES, getDefaultEventValidator, prepareEntry } from '../publisher/index';
import type { EventValidator } from '../envelope/index';
import { InvalidOutboxEventError, OutboxError, OutboxLimitError, OutboxSequenceConflictError, OutboxTransactionCanceledError } from './errors';
import type { OutboxCancellation } from './errors';
import { MAX_ITEM_BYTES, itemSize } from './item-size';
import { SEQUENCE_ITEM_SK } from './outbox-keys';
import { DEFAULT_OUTBOX_TTL_SECONDS, toOutboxRow } from './outbox-row';
import type { OutboxEvent } from './outbox-row';
import { EnvironmentVariable } from '../contract/index';

/** DynamoDB's limits on one TransactWriteItems call. */
export const MAX_TRANSACTION_ITEMS = 100;
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

/** Input of `writeWithOutbox`. */
export interface WriteWithOutboxInput {
  /** The business writes (Put, Update, Delete, ConditionCheck), applied together with the events. */
  readonly writes: readonly TransactWriteItem[];
  /**
   * The events, each with the entity it belongs to. Each event gets `detail.metadata.sequence`: the next
   * number of its entity (1 for the entity's first event, +1 per event, in the order given here).
   */
  readonly events: readonly OutboxEvent[];
  /** @default process.env.OUTBOX_TABLE_NAME */
  readonly outboxTableName?: string;
  /** How long a row is kept once published (a pending row never expires). @default 604800 (7 days) */
  readonly ttlSeconds?: number;
  /** Events larger than this are refused now rather than failing at publish time. @default 1048576 */
  readonly maxEntryBytes?: number;
  /** Schema check of each event before anything is written. @default the publisher's default validator, if set */
  readonly validator?: EventValidator;
  /** @default false */
  readonly skipValidation?: boolean;
  /**
   * Transactions tried when another writer of the same entity took the next sequence number in between
   * (each attempt re-reads the entity's sequence); then `OutboxSequenceConflictError`.
   * @default 8
   */
  readonly maxSequenceAttempts?: number;
  /** @default a jittered 5-50 ms growing with the attempt */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What `writeWithOutbox` wrote. */
export interface WriteWithOutboxResult {
  readonly eventIds: readonly string[];
  /** The sequence number assigned to each event, in input order. */
  readonly sequences: readonly number[];
}

/** Default of `maxSequenceAttempts`. */
export const DEFAULT_MAX_SEQUENCE_ATTEMPTS = 8;

function itemOf(write: TransactWriteItem): Record<string, AttributeValue> | undefined {
  return write.Put?.Item;
}

/** Throws `OutboxLimitError` when an item is over 400 KB or the call over 4 MB. */
function checkSizes(writes: readonly TransactWriteItem[], rows: readonly Record<string, AttributeValue>[]): void {
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
  writes.forEach((write, index) => checkSize(itemOf(write), `writes[${index}]`));
  rows.forEach((row, index) => checkSize(row, `events[${index}] (outbox row)`));
  if (bytes > MAX_TRANSACTION_BYTES) throw new OutboxLimitError(`The transaction carries ${bytes} bytes, over DynamoDB's 4 MB limit; split the change.`);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The last sequence number assigned to each entity (0 for an entity without events), read consistently. */
async function readSequences(client: DynamoDBClient, tableName: string, entityKeys: readonly string[]): Promise<Map<string, number>> {
  const entries = await Promise.all(
    entityKeys.map(async (entityKey) => {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: { pk: { S: entityKey }, sk: { S: SEQUENCE_ITEM_SK } }, ConsistentRead: true }),
      );
      const value = Item?.['sequence']?.N;
      return [entityKey, value === undefined ? 0 : Number(value)] as const;
    }),
  );
  return new Map(entries);
}

/** A canceled transaction's reasons, named after the items of the call. */
function cancellationsOf(error: unknown, names: readonly string[]): OutboxCancellation[] | undefined {
  const reasons = (error as { CancellationReasons?: { Code?: string; Message?: string }[] }).CancellationReasons;
  if ((error as Error).name !== 'TransactionCanceledException' || reasons === undefined) return undefined;
  return reasons.flatMap((reason, index) =>
    reason.Code === undefined || reason.Code === 'None' ? [] : [{ item: names[index] ?? `items[${index}]`, code: reason.Code, message: reason.Message }],
  );
}

/**
 * Applies the business `writes` and one outbox row per event in ONE TransactWriteItems: either the
 * state changes and every event will be published, or nothing happens. Checks DynamoDB's limits
 * (100 items including one sequence item per entity, 400 KB per item, 4 MB per call) and the events'
 * publishability before calling.
 *
 * Sequence numbers: the entity's sequence item is read, the events get the next numbers, and the same
 * transaction writes the item back on condition that it still holds the number read. Two writers of
 * one entity can therefore never commit the same number: the loser's transaction is canceled as a
 * whole and retried with fresh numbers (`maxSequenceAttempts`), its business writes included, exactly
 * as given (their own conditions still guard the business state). The client request token is derived
 * from the event ids and their numbers, so the SDK's retry of one attempt is idempotent.
 */
export async function writeWithOutbox(client: DynamoDBClient, input: WriteWithOutboxInput): Promise<WriteWithOutboxResult> {
  const tableName = input.outboxTableName ?? process.env[EnvironmentVariable.OUTBOX_TABLE_NAME];
  if (tableName === undefined || tableName === '')
    throw new OutboxError('writeWithOutbox needs the outbox table: set OUTBOX_TABLE_NAME or pass `outboxTableName`.');
  if (input.events.length === 0)
    throw new OutboxError('writeWithOutbox needs at least one event; use TransactWriteItems directly for writes without events.');
  const entityKeys = [...new Set(input.events.map((e) => e.entityKey))];
  const total = input.writes.length + input.events.length + entityKeys.length;
  if (total > MAX_TRANSACTION_ITEMS) {
    throw new OutboxLimitError(
      `${input.writes.length} writes + ${input.events.length} events + ${entityKeys.length} entity sequence items = ${total} items, ` +
        `over DynamoDB's ${MAX_TRANSACTION_ITEMS}-item transaction limit; split the change.`,
    );
  }
  const ttl = input.ttlSeconds ?? DEFAULT_OUTBOX_TTL_SECONDS;
  const maxEntryBytes = input.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  const validator = input.skipValidation === true ? undefined : (input.validator ?? getDefaultEventValidator());
  const maxAttempts = input.maxSequenceAttempts ?? DEFAULT_MAX_SEQUENCE_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new OutboxError(`maxSequenceAttempts must be an integer >= 1; got ${maxAttempts}.`);
  const unnumbered = input.events.map((outboxEvent, index) => {
    // Checked once before any read: the envelope (no sequence of its own), publishability and the schema of the caller's event.
    const row = toOutboxRow(outboxEvent, 0, ttl, 1);
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
  // Sizes with sequence 1; checked again below with the numbers assigned (a few bytes more).
  checkSizes(input.writes, unnumbered);

  const sleep = input.sleep ?? defaultSleep;
  let lastConflict: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const last = await readSequences(client, tableName, entityKeys);
    const next = new Map(last);
    const now = Date.now();
    const sequences: number[] = [];
    const rows = input.events.map((outboxEvent, index) => {
      const sequence = next.get(outboxEvent.entityKey)! + 1;
      next.set(outboxEvent.entityKey, sequence);
      sequences.push(sequence);
      const row = toOutboxRow(outboxEvent, now, ttl, sequence);
      if (typeof row === 'string') throw new InvalidOutboxEventError(index, row);
      const entry = prepareEntry({ ...outboxEvent.event, detail: row['detail']!.S! }, 'default', maxEntryBytes);
      if (typeof entry === 'string') throw new InvalidOutboxEventError(index, `it could not be published: ${entry}`);
      return row;
    });
    checkSizes(input.writes, rows);

    const sequenceItems: TransactWriteItem[] = entityKeys.map((entityKey) => {
      const previous = last.get(entityKey)!;
      return {
        Put: {
          TableName: tableName,
          Item: { pk: { S: entityKey }, sk: { S: SEQUENCE_ITEM_SK }, sequence: { N: String(next.get(entityKey)!) } },
          // Still the number we read, else another writer took it: this whole transaction must not commit.
          ...(previous === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: '#sequence = :previous', ExpressionAttributeNames: { '#sequence': 'sequence' }, ExpressionAttributeValues: { ':previous': { N: String(previous) } } }),
        },
      };
    });
    const outboxItems: TransactWriteItem[] = rows.map((row) => ({
      // A second row with the same entity and eventId would be a MODIFY, not a new event: refuse it.
      Put: { TableName: tableName, Item: row, ConditionExpression: 'attribute_not_exists(pk)' },
    }));
    const names = [
      ...input.writes.map((_, i) => `writes[${i}]`),
      ...entityKeys.map((key) => `sequence[${key}]`),
      ...rows.map((_, i) => `events[${i}]`),
    ];
    const eventIds = rows.map((row) => row['sk']!.S!);
    const token = createHash('sha256')
      .update(eventIds.map((id, i) => `${id}:${sequences[i]}`).join(','))
      .digest('hex')
      .slice(0, 36);
    try {
      await client.send(
        new TransactWriteItemsCommand({ TransactItems: [...input.writes, ...sequenceItems, ...outboxItems], ClientRequestToken: token }),
      );
      return { eventIds, sequences };
    } catch (error) {
      const cancellations = cancellationsOf(error, names);
      if (cancellations === undefined) throw error;
      const lostSequence =
        cancellations.length > 0 &&
        cancellations.every(
          (c) => c.code === 'TransactionConflict' || (c.item.startsWith('sequence[') && c.code === 'ConditionalCheckFailed'),
        );
      if (!lostSequence) throw new OutboxTransactionCanceledError(cancellations, { cause: error });
      lastConflict = error;
      await sleep(Math.round((5 + Math.random() * 15) * attempt));
    }
  }
  throw new OutboxSequenceConflictError(entityKeys, maxAttempts, { cause: lastConflict });
}
