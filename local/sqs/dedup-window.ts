/** How long SQS remembers a deduplication id: 5 minutes. */
export const DEDUPLICATION_INTERVAL_MS = 5 * 60 * 1000;

/** The message a deduplication id was first accepted as. */
export interface DedupEntry {
  readonly messageId: string;
  readonly sequenceNumber: string;
  readonly expiresAt: number;
}

/**
 * The FIFO deduplication window: a send whose id was accepted in the last 5 minutes is
 * acknowledged with the first message's id and not enqueued, even if that message was
 * already received and deleted.
 */
export class DedupWindow {
  private readonly entries = new Map<string, DedupEntry>();

  /** The live entry for `key`, if the id was accepted less than 5 minutes before `now`. */
  find(key: string, now: number): DedupEntry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Records an accepted message under `key` for the next 5 minutes. */
  remember(key: string, messageId: string, sequenceNumber: string, now: number): void {
    this.entries.set(key, { messageId, sequenceNumber, expiresAt: now + DEDUPLICATION_INTERVAL_MS });
    // Entries expire in insertion order, so the oldest ones can be dropped from the front.
    for (const [oldKey, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(oldKey);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
