import { BatchWriteItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { OutboxError } from './errors';
import { DEFAULT_OUTBOX_TTL_SECONDS } from './outbox-row';
import { CREATED_AT_ATTRIBUTE, PARKED_SHARD, PENDING_INDEX_NAME, PENDING_SHARD_ATTRIBUTE, pendingShards } from './outbox-keys';

type Row = Record<string, AttributeValue>;

/** Most rows one BatchWriteItem call takes. */
const BATCH_WRITE_ROWS = 25;
/** BatchWriteItem calls per chunk before unprocessed rows are given up on (they stay pending: the sweeper sends them again). */
const BATCH_WRITE_ATTEMPTS = 5;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the stream publisher needs of the outbox table: earlier pending rows, marking rows published, parking rows that can never be. */
export interface OutboxRowStore {
  /** The entity's rows still pending (not parked) with a sequence below `sequence`, in sequence order. */
  pendingBefore(entityKey: string, sequence: number): Promise<Row[]>;
  /** Marks rows published (removes them from the pending index); returns how many could NOT be marked. */
  markPublished(rows: readonly Row[]): Promise<number>;
  /** Parks a row with its reason; false when the row no longer exists. */
  park(key: { readonly pk: string; readonly sk: string }, reason: string): Promise<boolean>;
}

/** Options of {@link OutboxTable}. */
export interface OutboxTableOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  readonly now?: () => number;
}

/** The outbox table's row operations beyond writing: the published mark, parking, and reading the pending index. */
export class OutboxTable implements OutboxRowStore {
  readonly tableName: string;
  readonly #client: DynamoDBClient;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;

  constructor(options: OutboxTableOptions) {
    if (options.tableName === '') throw new OutboxError('OutboxTable needs the outbox table name (OUTBOX_TABLE_NAME).');
    this.tableName = options.tableName;
    this.#client = options.client;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Rewrites each row without `pendingShard`, with `publishedAt` and with `expiresAt` = now +
   * `retainSeconds` (TTL starts once the event is out). A row's content never changes after it is
   * written, so writing back the image read is safe and lets 25 rows share one call.
   */
  async markPublished(rows: readonly Row[]): Promise<number> {
    const now = this.#now();
    const publishedAt = new Date(now).toISOString();
    let unmarked = 0;
    for (let start = 0; start < rows.length; start += BATCH_WRITE_ROWS) {
      let requests: WriteRequest[] = rows.slice(start, start + BATCH_WRITE_ROWS).map((row) => {
        const { [PENDING_SHARD_ATTRIBUTE]: _pending, ...rest } = row;
        const retainSeconds = Number(row['retainSeconds']?.N ?? DEFAULT_OUTBOX_TTL_SECONDS);
        const expiresAt = Math.floor(now / 1000) + (Number.isFinite(retainSeconds) ? retainSeconds : DEFAULT_OUTBOX_TTL_SECONDS);
        return { PutRequest: { Item: { ...rest, publishedAt: { S: publishedAt }, expiresAt: { N: String(expiresAt) } } } };
      });
      for (let attempt = 1; requests.length > 0 && attempt <= BATCH_WRITE_ATTEMPTS; attempt += 1) {
        if (attempt > 1) await this.#sleep(50 * 2 ** (attempt - 2));
        const response = await this.#client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = response.UnprocessedItems?.[this.tableName] ?? [];
      }
      unmarked += requests.length;
    }
    return unmarked;
  }

  /**
   * Moves a row to the parked partition of the pending index with its reason and removes its expiry:
   * it is never published, never swept again, and kept until someone republishes or deletes it.
   */
  async park(key: { readonly pk: string; readonly sk: string }, reason: string): Promise<boolean> {
    const now = this.#now();
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: key.pk }, sk: { S: key.sk } },
          UpdateExpression: 'SET #shard = :parked, parkedAt = :parkedAt, parkReason = :reason, #createdAt = if_not_exists(#createdAt, :now) REMOVE expiresAt',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#shard': PENDING_SHARD_ATTRIBUTE, '#createdAt': CREATED_AT_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':parked': { S: PARKED_SHARD },
            ':parkedAt': { S: new Date(now).toISOString() },
            ':reason': { S: reason.slice(0, 4096) },
            ':now': { N: String(now) },
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /**
   * One consistent Query of the entity's partition: its rows that still carry the pending mark, are
   * not parked and come before `sequence` (rows the stream gave up on during an outage).
   */
  async pendingBefore(entityKey: string, sequence: number): Promise<Row[]> {
    const rows: Row[] = [];
    let start: Row | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.tableName,
          ConsistentRead: true,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'attribute_exists(#shard) AND #shard <> :parked AND #sequence < :sequence',
          ExpressionAttributeNames: { '#shard': PENDING_SHARD_ATTRIBUTE, '#sequence': 'sequence' },
          ExpressionAttributeValues: { ':pk': { S: entityKey }, ':parked': { S: PARKED_SHARD }, ':sequence': { N: String(sequence) } },
          ExclusiveStartKey: start,
        }),
      );
      rows.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return rows.sort((a, b) => Number(a['sequence']?.N) - Number(b['sequence']?.N));
  }

  /** Unpublished rows written at or before `createdBefore` (ms), oldest first per partition, at most `limit`. */
  async pendingRows(createdBefore: number, limit: number): Promise<Row[]> {
    const rows: Row[] = [];
    for (const shard of pendingShards()) {
      if (rows.length >= limit) break;
      rows.push(...(await this.#query(shard, createdBefore, limit - rows.length)));
    }
    return rows;
  }

  /** Parked rows, oldest first, at most `limit`. */
  async parkedRows(limit: number): Promise<Row[]> {
    return this.#query(PARKED_SHARD, Number.MAX_SAFE_INTEGER, limit);
  }

  async #query(shard: string, createdBefore: number, limit: number): Promise<Row[]> {
    const rows: Row[] = [];
    let start: Row | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: PENDING_INDEX_NAME,
          KeyConditionExpression: '#shard = :shard AND #createdAt <= :before',
          ExpressionAttributeNames: { '#shard': PENDING_SHARD_ATTRIBUTE, '#createdAt': CREATED_AT_ATTRIBUTE },
          ExpressionAttributeValues: { ':shard': { S: shard }, ':before': { N: String(createdBefore) } },
          Limit: Math.min(limit - rows.length, 1000),
          ExclusiveStartKey: start,
        }),
      );
      rows.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined && rows.length < limit);
    return rows;
  }
}
