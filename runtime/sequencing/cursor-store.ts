import { BatchGetItemCommand, GetItemCommand, QueryCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient, TransactWriteItem, Update } from '@aws-sdk/client-dynamodb';
import { MAX_ITEM_BYTES, itemSize } from '../outbox/index';
import { HeldEventTooLargeError, SequencingStoreError } from './errors';

/** Name of the dedupe table's sparse index of entities with an open gap (partition `gapConsumer`, sort `gapOpenSince`). */
export const GAPS_INDEX_NAME = 'gaps';

/** How many applied sequences keep their content hash in the cursor, to tell a redelivery from a reused sequence. */
export const HASH_WINDOW = 32;

const BATCH_GET_LIMIT = 100;

/** One entity's ordering state, as stored in its cursor item. */
export interface Cursor {
  readonly entity: string;
  /** Whether the item exists at all. */
  readonly exists: boolean;
  /** Last applied sequence; `undefined` while nothing was applied (start not known yet). */
  readonly applied: number | undefined;
  /** Sequences stored as held events, waiting for the gap before them. */
  readonly held: ReadonlySet<number>;
  /** Epoch ms the cursor was created (first event of the entity seen by this consumer). */
  readonly firstSeenAt: number | undefined;
  /** Epoch ms since which the entity has held events waiting behind a missing sequence. */
  readonly gapOpenSince: number | undefined;
  /** Sequence parked in the DLQ that quarantines the entity, and its eventId. */
  readonly parkedSequence: number | undefined;
  readonly parkedEventId: string | undefined;
  /** Content hash per recently applied sequence (`skipped` for sequences given up on). */
  readonly hashes: ReadonlyMap<number, string>;
}

/** A held event as stored: the SQS message body, so it is processed exactly as if it had arrived later. */
export interface HeldEvent {
  readonly entity: string;
  readonly sequence: number;
  readonly eventId: string;
  readonly contentHash: string;
  readonly body: string;
  readonly heldAt: string;
}

/** Marker stored as the hash of a sequence given up on (gap skip, parked skip, new-entity adoption). */
export const SKIPPED_HASH = 'skipped';

const hashName = (sequence: number) => `h${sequence}`;

function emptyCursor(entity: string): Cursor {
  return {
    entity,
    exists: false,
    applied: undefined,
    held: new Set(),
    firstSeenAt: undefined,
    gapOpenSince: undefined,
    parkedSequence: undefined,
    parkedEventId: undefined,
    hashes: new Map(),
  };
}

function num(value: AttributeValue | undefined): number | undefined {
  return value?.N === undefined ? undefined : Number(value.N);
}

/** Reads a cursor item (from GetItem, BatchGetItem or the gaps index). */
export function cursorFromItem(entity: string, item: Record<string, AttributeValue> | undefined): Cursor {
  if (item === undefined) return emptyCursor(entity);
  const hashes = new Map<number, string>();
  for (const [name, value] of Object.entries(item)) {
    if (/^h[0-9]+$/.test(name) && value.S !== undefined) hashes.set(Number(name.slice(1)), value.S);
  }
  return {
    entity: item['entity']?.S ?? entity,
    exists: true,
    applied: num(item['applied']),
    held: new Set((item['held']?.NS ?? []).map(Number)),
    firstSeenAt: num(item['firstSeenAt']),
    gapOpenSince: num(item['gapOpenSince']),
    parkedSequence: num(item['parkedSeq']),
    parkedEventId: item['parkedEventId']?.S,
    hashes,
  };
}

/** Options of a `CursorStore`. */
export interface CursorStoreOptions {
  readonly client: DynamoDBClient;
  /** The consumer's dedupe table (DEDUPE_TABLE_NAME): cursors and held events live next to the markers. */
  readonly tableName: string;
  readonly consumerName: string;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Builds the pieces of one UpdateExpression, so one cursor write can order, dedupe, hold and clear gaps at once. */
class UpdateBuilder {
  readonly set: string[] = [];
  readonly remove: string[] = [];
  readonly add: string[] = [];
  readonly del: string[] = [];
  readonly conditions: string[] = [];
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};

  value(name: string, value: AttributeValue): string {
    this.values[name] = value;
    return name;
  }

  expectApplied(applied: number | undefined): this {
    if (applied === undefined) this.conditions.push('attribute_not_exists(applied)');
    else this.conditions.push(`applied = ${this.value(':prev', { N: String(applied) })}`);
    return this;
  }

  toUpdate(tableName: string, key: Record<string, AttributeValue>): Update {
    const parts = [
      this.set.length > 0 ? `SET ${this.set.join(', ')}` : '',
      this.remove.length > 0 ? `REMOVE ${this.remove.join(', ')}` : '',
      this.add.length > 0 ? `ADD ${this.add.join(', ')}` : '',
      this.del.length > 0 ? `DELETE ${this.del.join(', ')}` : '',
    ].filter((p) => p !== '');
    return {
      TableName: tableName,
      Key: key,
      UpdateExpression: parts.join(' '),
      ...(this.conditions.length > 0 ? { ConditionExpression: this.conditions.map((c) => `(${c})`).join(' AND ') } : {}),
      ...(Object.keys(this.names).length > 0 ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length > 0 ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

/** What applying one sequence writes, before it is sent alone or inside the handler's transaction. */
export interface ApplyWrite {
  /** The cursor update, first; its condition is what orders and dedupes. */
  readonly items: TransactWriteItem[];
}

/**
 * Per-entity cursors and held events of one consumer, in its dedupe table: cursor `<consumer>#cursor#<entity>`,
 * held event `<consumer>#held#<entity>#<sequence>`. Every write is conditional on the cursor's `applied`
 * value read before it, so two writers can never both move one entity.
 */
export class CursorStore {
  readonly tableName: string;
  readonly consumerName: string;
  readonly #client: DynamoDBClient;
  readonly #now: () => number;

  constructor(options: CursorStoreOptions) {
    this.tableName = options.tableName;
    this.consumerName = options.consumerName;
    this.#client = options.client;
    this.#now = options.now ?? Date.now;
  }

  cursorKey(entity: string): Record<string, AttributeValue> {
    return { pk: { S: `${this.consumerName}#cursor#${entity}` } };
  }

  heldKey(entity: string, sequence: number): Record<string, AttributeValue> {
    return { pk: { S: `${this.consumerName}#held#${entity}#${sequence}` } };
  }

  async #send<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException' || (error as Error).name === 'TransactionCanceledException') throw error;
      throw new SequencingStoreError(`${what} on ${this.tableName} failed: ${(error as Error).message}; the message will be retried.`, { cause: error });
    }
  }

  /** Reads the cursors of `entities` with consistent BatchGetItem calls (100 keys each); missing ones are empty cursors. */
  async readCursors(entities: readonly string[]): Promise<Map<string, Cursor>> {
    const result = new Map<string, Cursor>();
    const unique = [...new Set(entities)];
    for (const entity of unique) result.set(entity, emptyCursor(entity));
    const byPk = new Map(unique.map((e) => [this.cursorKey(e).pk!.S!, e]));
    for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
      let keys: Record<string, AttributeValue>[] = unique.slice(start, start + BATCH_GET_LIMIT).map((e) => this.cursorKey(e));
      for (let round = 0; keys.length > 0; round += 1) {
        if (round === 8) throw new SequencingStoreError(`BatchGetItem on ${this.tableName} left ${keys.length} cursor(s) unread; the batch will be retried.`);
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** round * 10));
        const response = await this.#send('BatchGetItem of cursors', () =>
          this.#client.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } })),
        );
        for (const item of response.Responses?.[this.tableName] ?? []) {
          const entity = byPk.get(item['pk']!.S!)!;
          result.set(entity, cursorFromItem(entity, item));
        }
        keys = response.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return result;
  }

  async readCursor(entity: string): Promise<Cursor> {
    const response = await this.#send('GetItem of a cursor', () =>
      this.#client.send(new GetItemCommand({ TableName: this.tableName, Key: this.cursorKey(entity), ConsistentRead: true })),
    );
    return cursorFromItem(entity, response.Item);
  }

  async readHeld(entity: string, sequence: number): Promise<HeldEvent | undefined> {
    const response = await this.#send('GetItem of a held event', () =>
      this.#client.send(new GetItemCommand({ TableName: this.tableName, Key: this.heldKey(entity, sequence), ConsistentRead: true })),
    );
    const item = response.Item;
    if (item === undefined) return undefined;
    return {
      entity,
      sequence,
      eventId: item['eventId']?.S ?? '',
      contentHash: item['contentHash']?.S ?? '',
      body: item['body']?.S ?? '',
      heldAt: item['heldAt']?.S ?? '',
    };
  }

  /** Sets the gap attributes after `held` changes: cleared when nothing is held, restarted when the next sequence is not held. */
  #gapAfter(builder: UpdateBuilder, applied: number, heldAfter: ReadonlySet<number>, gapOpenSince: number | undefined): void {
    if (heldAfter.size === 0) {
      builder.remove.push('gapOpenSince', 'gapConsumer');
    } else if (!heldAfter.has(applied + 1) || gapOpenSince === undefined) {
      builder.set.push(`gapOpenSince = ${builder.value(':gapSince', { N: String(this.#now()) })}`, `gapConsumer = ${builder.value(':consumer', { S: this.consumerName })}`);
    }
  }

  /**
   * The writes that apply `sequence` (the cursor's next): the cursor moves to it only if it is still at
   * `sequence - 1` and no other sequence quarantines the entity. A held event's item is deleted in the same request.
   */
  applyWrites(cursor: Cursor, sequence: number, hash: string): TransactWriteItem[] {
    const builder = new UpdateBuilder().expectApplied(cursor.applied);
    builder.conditions.push(`attribute_not_exists(parkedSeq) OR parkedSeq = ${builder.value(':seq', { N: String(sequence) })}`);
    builder.names['#h'] = hashName(sequence);
    builder.set.push('applied = :seq', `#h = ${builder.value(':hash', { S: hash })}`);
    if (!cursor.exists) builder.set.push(`entity = ${builder.value(':entity', { S: cursor.entity })}`);
    if (sequence > HASH_WINDOW) {
      builder.names['#old'] = hashName(sequence - HASH_WINDOW);
      builder.remove.push('#old');
    }
    if (cursor.parkedSequence !== undefined) builder.remove.push('parkedSeq', 'parkedEventId');
    const heldAfter = new Set(cursor.held);
    heldAfter.delete(sequence);
    if (cursor.held.size > 0 || cursor.gapOpenSince !== undefined) this.#gapAfter(builder, sequence, heldAfter, cursor.gapOpenSince);
    const items: TransactWriteItem[] = [];
    if (cursor.held.has(sequence)) {
      builder.del.push(`held ${builder.value(':seqSet', { NS: [String(sequence)] })}`);
      items.push({ Delete: { TableName: this.tableName, Key: this.heldKey(cursor.entity, sequence) } });
    }
    return [{ Update: builder.toUpdate(this.tableName, this.cursorKey(cursor.entity)) }, ...items];
  }

  /** The cursor as it is after `applyWrites(cursor, sequence, hash)` succeeded. */
  afterApply(cursor: Cursor, sequence: number, hash: string): Cursor {
    const held = new Set(cursor.held);
    held.delete(sequence);
    const hashes = new Map(cursor.hashes);
    hashes.set(sequence, hash);
    hashes.delete(sequence - HASH_WINDOW);
    const gapOpenSince = held.size === 0 ? undefined : !held.has(sequence + 1) || cursor.gapOpenSince === undefined ? this.#now() : cursor.gapOpenSince;
    return { ...cursor, exists: true, applied: sequence, held, hashes, parkedSequence: undefined, parkedEventId: undefined, gapOpenSince };
  }

  /**
   * Sends `writes` (the handler's transactional writes, possibly none) with the apply writes: one UpdateItem
   * when there is nothing else, else one TransactWriteItems. Returns `stale` when the cursor condition failed
   * (someone else moved the entity: nothing was written); other cancellations are thrown.
   */
  async commit(applyItems: readonly TransactWriteItem[], writes: readonly TransactWriteItem[] = []): Promise<'committed' | 'stale'> {
    if (applyItems.length === 1 && writes.length === 0) {
      const update = applyItems[0]!.Update!;
      try {
        await this.#send('UpdateItem of a cursor', () => this.#client.send(new UpdateItemCommand(update)));
        return 'committed';
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return 'stale';
        throw error;
      }
    }
    try {
      await this.#send('TransactWriteItems of a cursor', () => this.#client.send(new TransactWriteItemsCommand({ TransactItems: [...writes, ...applyItems] })));
      return 'committed';
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((error as Error).name === 'TransactionCanceledException' && reasons?.[writes.length]?.Code === 'ConditionalCheckFailed') return 'stale';
      throw error;
    }
  }

  /**
   * Stores `event` as held and adds its sequence to the cursor's held set, in one transaction; `stale` when the cursor moved.
   * Throws `HeldEventTooLargeError` (nothing written) when the held item would exceed DynamoDB's item size.
   */
  async hold(cursor: Cursor, event: Omit<HeldEvent, 'heldAt' | 'entity'>): Promise<'held' | 'stale'> {
    const now = this.#now();
    const builder = new UpdateBuilder().expectApplied(cursor.applied);
    builder.add.push(`held ${builder.value(':seqSet', { NS: [String(event.sequence)] })}`);
    builder.set.push(
      `entity = ${builder.value(':entity', { S: cursor.entity })}`,
      `firstSeenAt = if_not_exists(firstSeenAt, ${builder.value(':now', { N: String(now) })})`,
      'gapOpenSince = if_not_exists(gapOpenSince, :now)',
      `gapConsumer = ${builder.value(':consumer', { S: this.consumerName })}`,
    );
    const item: Record<string, AttributeValue> = {
      ...this.heldKey(cursor.entity, event.sequence),
      consumer: { S: this.consumerName },
      entity: { S: cursor.entity },
      sequence: { N: String(event.sequence) },
      eventId: { S: event.eventId },
      contentHash: { S: event.contentHash },
      body: { S: event.body },
      heldAt: { S: new Date(now).toISOString() },
    };
    // DynamoDB would refuse the item with a ValidationException on every redelivery, leaving the message to fail untried.
    const bytes = itemSize(item);
    if (bytes > MAX_ITEM_BYTES) throw new HeldEventTooLargeError(cursor.entity, event.sequence, bytes, MAX_ITEM_BYTES);
    return this.commit([{ Update: builder.toUpdate(this.tableName, this.cursorKey(cursor.entity)) }, { Put: { TableName: this.tableName, Item: item } }]).then((r) =>
      r === 'committed' ? 'held' : 'stale',
    );
  }

  /** Quarantines the entity behind `sequence` (its next), parked in the DLQ; a held copy of it is removed. */
  async quarantine(cursor: Cursor, sequence: number, eventId: string): Promise<'committed' | 'stale'> {
    const builder = new UpdateBuilder().expectApplied(cursor.applied);
    builder.set.push(
      `parkedSeq = ${builder.value(':seq', { N: String(sequence) })}`,
      `parkedEventId = ${builder.value(':eventId', { S: eventId })}`,
      `entity = ${builder.value(':entity', { S: cursor.entity })}`,
    );
    const items: TransactWriteItem[] = [];
    if (cursor.held.has(sequence)) {
      builder.del.push(`held ${builder.value(':seqSet', { NS: [String(sequence)] })}`);
      items.push({ Delete: { TableName: this.tableName, Key: this.heldKey(cursor.entity, sequence) } });
    }
    return this.commit([{ Update: builder.toUpdate(this.tableName, this.cursorKey(cursor.entity)) }, ...items]);
  }

  /**
   * Moves the cursor of an entity to `to` without applying the sequences in between (gap skip, parked skip,
   * new-entity adoption). Their hashes become `skipped`, so a late arrival is reported, not taken for a duplicate.
   * Conditional on the cursor being unchanged; `stale` otherwise.
   */
  async skipTo(cursor: Cursor, to: number, options: { releaseParked?: boolean } = {}): Promise<'committed' | 'stale'> {
    const from = cursor.applied ?? 0;
    const builder = new UpdateBuilder().expectApplied(cursor.applied);
    // A hold does not move `applied`: without this, a sequence held after `cursor` was read (e.g. the
    // sweeper's snapshot) would be marked skipped while its held item stays, never applied. With `applied`
    // unchanged the held set only grows, so an unchanged size means an unchanged set.
    builder.conditions.push(cursor.held.size === 0 ? 'attribute_not_exists(held)' : `size(held) = ${builder.value(':heldCount', { N: String(cursor.held.size) })}`);
    builder.set.push(`applied = ${builder.value(':to', { N: String(to) })}`);
    if (options.releaseParked === true) {
      builder.conditions.push(`parkedSeq = ${builder.value(':parked', { N: String(cursor.parkedSequence ?? -1) })}`);
      builder.remove.push('parkedSeq', 'parkedEventId');
    } else {
      builder.conditions.push('attribute_not_exists(parkedSeq)');
    }
    builder.value(':skipped', { S: SKIPPED_HASH });
    for (let n = Math.max(from + 1, to - HASH_WINDOW + 1); n <= to; n += 1) {
      builder.names[`#s${n}`] = hashName(n);
      builder.set.push(`#s${n} = :skipped`);
    }
    // Hashes that fell out of the window with the jump.
    for (let n = Math.max(1, from - HASH_WINDOW + 1); n <= Math.min(from, to - HASH_WINDOW); n += 1) {
      builder.names[`#r${n}`] = hashName(n);
      builder.remove.push(`#r${n}`);
    }
    const heldAfter = new Set([...cursor.held].filter((s) => s > to));
    const dropped = [...cursor.held].filter((s) => s <= to);
    if (dropped.length > 0) builder.del.push(`held ${builder.value(':dropped', { NS: dropped.map(String) })}`);
    this.#gapAfter(builder, to, heldAfter, undefined);
    const deletes: TransactWriteItem[] = dropped.map((s) => ({ Delete: { TableName: this.tableName, Key: this.heldKey(cursor.entity, s) } }));
    return this.commit([{ Update: builder.toUpdate(this.tableName, this.cursorKey(cursor.entity)) }, ...deletes]);
  }

  /** Entities of this consumer with held events, oldest gap first (the sparse `gaps` index: only such cursors are in it). */
  async listOpenGaps(): Promise<Cursor[]> {
    const cursors: Cursor[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const response = await this.#send('Query of the gaps index', () =>
        this.#client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: GAPS_INDEX_NAME,
            KeyConditionExpression: 'gapConsumer = :consumer',
            ExpressionAttributeValues: { ':consumer': { S: this.consumerName } },
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        ),
      );
      for (const item of response.Items ?? []) cursors.push(cursorFromItem(item['entity']?.S ?? '', item));
      startKey = response.LastEvaluatedKey;
    } while (startKey !== undefined);
    return cursors;
  }
}
