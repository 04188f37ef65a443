import { MAX_ENTRIES_PER_CALL } from './entry';

/** An event waiting to be (re)sent. */
export interface PendingEntry {
  readonly index: number;
  readonly size: number;
  /** Entries with the same key are never in flight together and keep their input order. */
  readonly orderingKey: string | undefined;
  attempts: number;
  readyAt: number;
}

/**
 * Picks the next PutEvents call from `pending` (kept in input order): at most 10 entries and
 * `maxBytes` in total, only entries whose backoff is over, and at most the earliest pending entry
 * of each ordering key, so a later event of an entity never overtakes an earlier one.
 */
export function selectBatch(pending: readonly PendingEntry[], now: number, maxBytes: number): PendingEntry[] {
  const batch: PendingEntry[] = [];
  const blockedKeys = new Set<string>();
  let bytes = 0;
  for (const candidate of pending) {
    const key = candidate.orderingKey;
    if (key !== undefined && blockedKeys.has(key)) continue;
    // Whatever happens to this entry, later entries of its key must wait for it.
    if (key !== undefined) blockedKeys.add(key);
    if (candidate.readyAt > now) continue;
    if (batch.length === MAX_ENTRIES_PER_CALL) break;
    if (bytes + candidate.size > maxBytes) {
      if (batch.length === 0) throw new Error(`Entry #${candidate.index} (${candidate.size} bytes) exceeds the call limit ${maxBytes}`);
      break;
    }
    batch.push(candidate);
    bytes += candidate.size;
  }
  return batch;
}
