import { BatchGetItemCommand, PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { DedupeConfigError, DedupeStoreError, TooManyTransactionalWritesError, TransactionalWriteError } from './errors';
import type { CancellationReason } from './errors';

/** Seven days, the default time a processed marker is kept. */
export const DEFAULT_DEDUPE_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Options of a `DedupeStore`. */
export interface DedupeStoreOptions {
  readonly client: DynamoDBClient;
  /** Table with partition key `pk` (S) and TTL attribute `expiresAt`. */
  readonly tableName: string;
  /** Part of every key, so consumers can share a table without seeing each other's markers. */
  readonly consumerName: string;
  /** How long a marker keeps a duplicate out. @default 604800 (7 days) */
  readonly ttlSeconds?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** What the marker records about the processed event. */
export interface MarkerInfo {
  readonly idempotencyKey: string;
  readonly source?: string;
  readonly detailType?: string;
  /** Fingerprint of the event's content, so a reused eventId with different content is told from a redelivery. */
  readonly contentHash?: string;
}

/** `marked`: this call recorded the event; `already-marked`: someone else had (a concurrent duplicate). */
export type MarkOutcome = 'marked' | 'already-marked';

const BATCH_GET_LIMIT = 100;
const MAX_UNPROCESSED_ROUNDS = 8;
const MAX_CONFLICT_ATTEMPTS = 4;

/**
 * The processed-event markers of one consumer in DynamoDB: one consistent BatchGetItem to find which
 * events of a batch were processed, one conditional PutItem (or one TransactWriteItems with the
 * handler's writes) per processed event. A marker past its `expiresAt` counts as absent even before
 * DynamoDB's TTL sweeper deletes it.
 */
export class DedupeStore {
  readonly tableName: string;
  readonly consumerName: string;
  readonly ttlSeconds: number;
  /** The client, shared with the per-entity cursors that live in the same table. */
  readonly client: DynamoDBClient;
  readonly #now: () => number;

  constructor(options: DedupeStoreOptions) {
    if (typeof options.tableName !== 'string' || options.tableName.length === 0) {
      throw new DedupeConfigError('Dedupe needs a table name: set DEDUPE_TABLE_NAME or pass `tableName`.');
    }
    if (typeof options.consumerName !== 'string' || options.consumerName.length === 0) {
      throw new DedupeConfigError('Dedupe needs a consumer name: set CONSUMER_NAME or pass `consumerName`.');
    }
    const ttl = options.ttlSeconds ?? DEFAULT_DEDUPE_TTL_SECONDS;
    if (!Number.isInteger(ttl) || ttl <= 0) throw new DedupeConfigError(`Dedupe ttlSeconds must be a positive integer, got ${ttl}.`);
    this.tableName = options.tableName;
    this.consumerName = options.consumerName;
    this.ttlSeconds = ttl;
    this.client = options.client;
    this.#now = options.now ?? Date.now;
  }

  /** The marker's partition key: consumer name + idempotency key. */
  keyFor(idempotencyKey: string): string {
    return `${this.consumerName}#${idempotencyKey}`;
  }

  /**
   * Returns the idempotency keys (not table keys) among `idempotencyKeys` that have a live marker, each
   * with the content hash the marker recorded (`undefined` for markers written without one).
   */
  async findProcessed(idempotencyKeys: readonly string[]): Promise<Map<string, string | undefined>> {
    const found = new Map<string, string | undefined>();
    const unique = [...new Set(idempotencyKeys)];
    const nowSeconds = Math.floor(this.#now() / 1000);
    for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
      let keys: Record<string, AttributeValue>[] = unique.slice(start, start + BATCH_GET_LIMIT).map((k) => ({ pk: { S: this.keyFor(k) } }));
      for (let round = 0; keys.length > 0; round += 1) {
        if (round === MAX_UNPROCESSED_ROUNDS) {
          throw new DedupeStoreError(
            `BatchGetItem on ${this.tableName} left ${keys.length} key(s) unprocessed after ${round} rounds; the batch will be retried.`,
          );
        }
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** round * 10));
        let response;
        try {
          response = await this.client.send(
            new BatchGetItemCommand({
              RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'pk, expiresAt, contentHash' } },
            }),
          );
        } catch (error) {
          throw new DedupeStoreError(`BatchGetItem on dedupe table ${this.tableName} failed: ${(error as Error).message}`, { cause: error });
        }
        for (const item of response.Responses?.[this.tableName] ?? []) {
          const expiresAt = Number(item['expiresAt']?.N ?? Number.POSITIVE_INFINITY);
          if (expiresAt >= nowSeconds) found.set(item['pk']!.S!.slice(this.consumerName.length + 1), item['contentHash']?.S);
        }
        keys = response.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return found;
  }

  #markerItem(info: MarkerInfo): Record<string, AttributeValue> {
    const now = this.#now();
    return {
      pk: { S: this.keyFor(info.idempotencyKey) },
      consumer: { S: this.consumerName },
      eventId: { S: info.idempotencyKey },
      processedAt: { S: new Date(now).toISOString() },
      expiresAt: { N: String(Math.floor(now / 1000) + this.ttlSeconds) },
      ...(info.source === undefined ? {} : { source: { S: info.source } }),
      ...(info.detailType === undefined ? {} : { detailType: { S: info.detailType } }),
      ...(info.contentHash === undefined ? {} : { contentHash: { S: info.contentHash } }),
    };
  }

  #markerCondition() {
    return {
      // An expired marker the TTL sweeper has not deleted yet must not block a legitimate reprocessing.
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': { N: String(Math.floor(this.#now() / 1000)) } },
    };
  }

  /** Records the event as processed with one conditional PutItem. */
  async markProcessed(info: MarkerInfo): Promise<MarkOutcome> {
    try {
      await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: this.#markerItem(info), ...this.#markerCondition() }));
      return 'marked';
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return 'already-marked';
      throw new DedupeStoreError(
        `Writing the processed marker of event ${info.idempotencyKey} to ${this.tableName} failed: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  /**
   * Commits the handler's writes and the marker in ONE TransactWriteItems: both or neither.
   * `already-marked` means the event had been processed and none of `writes` was applied.
   */
  async commitWithMarker(info: MarkerInfo, writes: readonly TransactWriteItem[]): Promise<MarkOutcome> {
    if (writes.length > 99) throw new TooManyTransactionalWritesError(writes.length, info.idempotencyKey);
    if (writes.length === 0) return this.markProcessed(info);
    for (let attempt = 1; ; attempt += 1) {
      const marker: TransactWriteItem = { Put: { TableName: this.tableName, Item: this.#markerItem(info), ...this.#markerCondition() } };
      try {
        await this.client.send(new TransactWriteItemsCommand({ TransactItems: [...writes, marker] }));
        return 'marked';
      } catch (error) {
        const reasons = (error as { CancellationReasons?: { Code?: string; Message?: string }[] }).CancellationReasons;
        if ((error as Error).name !== 'TransactionCanceledException' || reasons === undefined) {
          throw new DedupeStoreError(`TransactWriteItems for event ${info.idempotencyKey} failed: ${(error as Error).message}`, { cause: error });
        }
        if (reasons[writes.length]?.Code === 'ConditionalCheckFailed') return 'already-marked';
        // Another transaction touched one of the same items (e.g. a hot stock row written by a parallel
        // group); nothing was applied, so trying again shortly is safe.
        if (attempt < MAX_CONFLICT_ATTEMPTS && reasons.some((r) => r.Code === 'TransactionConflict')) {
          await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * (0.5 + Math.random() / 2)));
          continue;
        }
        throw this.#writeError(info, writes, reasons, error);
      }
    }
  }

  /**
   * Counts one failed attempt of a message's own handler (keyed by SQS messageId, which stays the same
   * across redeliveries) and returns the attempts so far. Costs a write only when a handler failed.
   */
  async countFailedAttempt(messageId: string): Promise<number> {
    const now = this.#now();
    try {
      const response = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: `${this.consumerName}#attempts#${messageId}` } },
          UpdateExpression: 'ADD attempts :one SET expiresAt = :expires, lastFailedAt = :at',
          ExpressionAttributeValues: {
            ':one': { N: '1' },
            ':expires': { N: String(Math.floor(now / 1000) + this.ttlSeconds) },
            ':at': { S: new Date(now).toISOString() },
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(response.Attributes?.['attempts']?.N ?? '1');
    } catch (error) {
      throw new DedupeStoreError(`Counting a failed attempt of message ${messageId} in ${this.tableName} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  #writeError(
    info: MarkerInfo,
    writes: readonly TransactWriteItem[],
    reasons: { Code?: string; Message?: string }[],
    error: unknown,
  ): TransactionalWriteError {
    const failed: CancellationReason[] = reasons
      .map((r, index) => ({ index, code: r.Code ?? 'Unknown', message: r.Message }))
      .filter((r) => r.index < writes.length && r.code !== 'None');
    return new TransactionalWriteError(info.idempotencyKey, failed, { cause: error });
  }
}
