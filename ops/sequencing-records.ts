import { CursorStore, type Cursor } from '../runtime/sequencing';
import type { ConsumerResources, OpsTarget } from './types';

/** One event an ordered consumer holds in its table, waiting for an earlier sequence of its entity. */
export interface HeldRecord {
  readonly entity: string;
  readonly sequence: number;
  readonly eventId: string;
  /** When it was held (ISO). */
  readonly heldAt: string;
  /** The entity's cursor: last applied sequence, and the parked sequence quarantining it, if any. */
  readonly applied: number | undefined;
  readonly parkedSequence: number | undefined;
}

/** The resequencer's state of one consumer: what its table holds, not what its metrics last said. */
export interface SequencingState {
  /** Held events, per entity in sequence order (at most `limit` read in full). */
  readonly held: HeldRecord[];
  /** Held events counted on the cursors (can exceed `held.length` when capped). */
  readonly heldCount: number;
  /** Entities with held events (open gaps). */
  readonly entitiesWithGaps: number;
  /** Of those, entities quarantined behind a parked event. */
  readonly quarantined: number;
  /** Epoch ms of the oldest open gap. */
  readonly oldestGapSince?: number;
}

const EMPTY: SequencingState = { held: [], heldCount: 0, entitiesWithGaps: 0, quarantined: 0 };

/** The cursor store of a consumer's table, or undefined when it has none (no dedupe table known). */
export function cursorStoreOf(target: OpsTarget, consumer: ConsumerResources): CursorStore | undefined {
  return consumer.dedupeTable === undefined ? undefined : new CursorStore({ client: target.dynamodb, tableName: consumer.dedupeTable, consumerName: consumer.name });
}

/**
 * Reads the held events of an ordered consumer from its dedupe table: the entities with open gaps from the sparse
 * `gaps` index (cost grows with open gaps, not the table), then each held event's item (eventId, time held). A table
 * without the index (an unordered consumer) has nothing held. `withItems: false` counts from the cursors only.
 */
export async function sequencingState(target: OpsTarget, consumer: ConsumerResources, options: { withItems?: boolean; limit?: number } = {}): Promise<SequencingState> {
  const store = cursorStoreOf(target, consumer);
  if (store === undefined) return EMPTY;
  let cursors: Cursor[];
  try {
    cursors = await store.listOpenGaps();
  } catch (error) {
    // An unordered consumer's table has no gaps index: DynamoDB refuses the Query with a ValidationException.
    const cause = (error as { cause?: { name?: string; message?: string } }).cause;
    if (cause?.name === 'ValidationException' && /index/i.test(cause.message ?? '')) return EMPTY;
    throw error;
  }
  const limit = options.limit ?? 1000;
  const held: HeldRecord[] = [];
  let heldCount = 0;
  let quarantined = 0;
  let oldestGapSince: number | undefined;
  for (const cursor of cursors) {
    heldCount += cursor.held.size;
    if (cursor.parkedSequence !== undefined) quarantined += 1;
    if (cursor.gapOpenSince !== undefined) oldestGapSince = Math.min(oldestGapSince ?? Infinity, cursor.gapOpenSince);
    if (options.withItems === false) continue;
    for (const sequence of [...cursor.held].sort((a, b) => a - b)) {
      if (held.length >= limit) break;
      const item = await store.readHeld(cursor.entity, sequence);
      if (item === undefined) continue;
      held.push({ entity: cursor.entity, sequence, eventId: item.eventId, heldAt: item.heldAt, applied: cursor.applied, parkedSequence: cursor.parkedSequence });
    }
  }
  return { held, heldCount, entitiesWithGaps: cursors.filter((c) => c.held.size > 0).length, quarantined, ...(oldestGapSince === undefined ? {} : { oldestGapSince }) };
}
