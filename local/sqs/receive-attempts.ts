import { DEDUPLICATION_INTERVAL_MS } from './dedup-window';
import type { StoredMessage } from './model';

/** What one FIFO receive returned, kept so a retry with the same ReceiveRequestAttemptId gets it again. */
interface Attempt {
  readonly messages: readonly { readonly message: StoredMessage; readonly receiptHandle: string; readonly visibleAt: number }[];
  readonly expiresAt: number;
}

/**
 * FIFO receive deduplication: a ReceiveMessage retried with the same `ReceiveRequestAttemptId`
 * within 5 minutes returns the same messages and receipt handles (restarting their visibility
 * timeout) as long as none of them was deleted, had its visibility changed, or was received again.
 */
export class ReceiveAttempts {
  private readonly attempts = new Map<string, Attempt>();

  /** Records what the receive `attemptId` returned. */
  remember(attemptId: string, messages: readonly StoredMessage[], now: number): void {
    this.prune(now);
    if (messages.length === 0) return;
    this.attempts.set(attemptId, {
      messages: messages.map((message) => ({ message, receiptHandle: message.receiptHandle ?? '', visibleAt: message.visibleAt })),
      expiresAt: now + DEDUPLICATION_INTERVAL_MS,
    });
  }

  /**
   * The messages of an earlier receive with `attemptId`, their visibility restarted to `visibleAt`;
   * undefined when there was none or one of its messages changed since (then a new receive runs).
   */
  replay(attemptId: string, isStored: (message: StoredMessage) => boolean, now: number, visibleAt: number): StoredMessage[] | undefined {
    this.prune(now);
    const attempt = this.attempts.get(attemptId);
    if (attempt === undefined) return undefined;
    const unchanged = attempt.messages.every(
      (entry) => isStored(entry.message) && entry.message.receiptHandle === entry.receiptHandle && entry.message.visibleAt === entry.visibleAt && entry.visibleAt > now,
    );
    if (!unchanged) {
      this.attempts.delete(attemptId);
      return undefined;
    }
    const messages = attempt.messages.map((entry) => {
      entry.message.visibleAt = visibleAt;
      return entry.message;
    });
    this.attempts.set(attemptId, {
      messages: messages.map((message) => ({ message, receiptHandle: message.receiptHandle ?? '', visibleAt })),
      expiresAt: attempt.expiresAt,
    });
    return messages.map((message) => ({ ...message }));
  }

  clear(): void {
    this.attempts.clear();
  }

  private prune(now: number): void {
    for (const [id, attempt] of this.attempts) if (attempt.expiresAt <= now) this.attempts.delete(id);
  }
}
