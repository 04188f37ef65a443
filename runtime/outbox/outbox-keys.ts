/**
 * The outbox table's key design, shared by the writer, the stream publisher, the sweeper and the CLI.
 *
 * - Event rows: `pk` = entity key, `sk` = eventId, plus `sequence` (N, the entity's sequence number),
 *   `createdAt` (N, ms) and, while not yet published, `pendingShard` (S).
 * - One sequence item per entity: `pk` = entity key, `sk` = {@link SEQUENCE_ITEM_SK}, `sequence` (N) =
 *   the last number assigned. It never expires: a restart at 1 would read as duplicates downstream.
 * - The sparse GSI {@link PENDING_INDEX_NAME} (`pendingShard`, `createdAt`) holds only rows that are not
 *   published yet ({@link PENDING_SHARDS} partitions, an entity always in the same one) and parked rows
 *   (partition {@link PARKED_SHARD}). The publisher removes `pendingShard` once PutEvents accepted the event.
 */

/** Sort key of an entity's sequence item; eventIds are ULIDs and never start with `#`. */
export const SEQUENCE_ITEM_SK = '#sequence';

/** Name of the sparse GSI on unpublished and parked rows. */
export const PENDING_INDEX_NAME = 'pending';
export const PENDING_SHARD_ATTRIBUTE = 'pendingShard';
export const CREATED_AT_ATTRIBUTE = 'createdAt';

/** Partitions of the pending index: spreads a busy table's writes; the sweeper queries each. */
export const PENDING_SHARDS = 8;

/** Partition of the pending index holding rows that can never be published (kept, without TTL, until someone acts). */
export const PARKED_SHARD = 'parked';

/** The pending-index partition of an entity's rows (FNV-1a of the entity key): one entity, one partition, so its order is kept. */
export function pendingShardOf(entityKey: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < entityKey.length; i += 1) {
    hash ^= entityKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `pending#${hash % PENDING_SHARDS}`;
}

/** Every partition of the pending index that holds unpublished rows. */
export function pendingShards(): string[] {
  return Array.from({ length: PENDING_SHARDS }, (_, i) => `pending#${i}`);
}
