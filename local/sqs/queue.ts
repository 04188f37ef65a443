import { createHash, randomUUID } from 'node:crypto';
import { md5OfMessageAttributes, md5OfText } from './checksums';
import type { Clock } from './clock';
import { DedupWindow } from './dedup-window';
import { MessageGroups } from './message-groups';
import { ReceiveAttempts } from './receive-attempts';
import { invalidParameterValue, messageNotInflight, receiptHandleExpired, receiptHandleIsInvalid } from './errors';
import type { ValidSend } from './message-input';
import type { PeekedMessage, QueueConfig, QueueStats, StoredMessage } from './model';
import { newReceiptHandle, parseReceiptHandle } from './receipt-handle';

/** A message stays invisible at most 12 hours after it was received, however often its visibility is extended. */
const MAX_VISIBILITY_MS = 43_200 * 1000;

/** What SendMessage answers. */
export interface SendResult {
  readonly messageId: string;
  /** MD5 of the body as sent (see ValidSend.md5OfSentBody). */
  readonly md5OfBody: string;
  readonly md5OfMessageAttributes?: string;
  readonly md5OfMessageSystemAttributes?: string;
  readonly sequenceNumber?: string;
  /** True when the FIFO deduplication window swallowed the message. */
  readonly duplicate: boolean;
}

/** Looks a dead-letter queue up by ARN; undefined when it does not exist (any more). */
export type QueueLookup = (arn: string) => Queue | undefined;

/**
 * One queue's messages and AWS's delivery rules: FIFO message groups (several messages of one
 * group per receive, in order; none while one of the group is in flight), the 5-minute
 * deduplication window, visibility timeouts, delays, retention and the redrive to a dead-letter
 * queue after `maxReceiveCount` receives. Standard queues deliver at least once, without groups.
 */
export class Queue {
  /** Messages in send order (JS maps iterate in insertion order): for FIFO, sequence order. */
  private readonly messages = new Map<string, StoredMessage>();
  /** FIFO only: the same messages by group. */
  private readonly groups = new MessageGroups();
  private readonly dedup = new DedupWindow();
  private readonly attempts = new ReceiveAttempts();
  private lastExpiry = Number.NEGATIVE_INFINITY;
  private sequence = 18_000_000_000_000_000_000n;
  readonly createdAt: number;
  lastModifiedAt: number;
  tags: Record<string, string> = {};

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly url: string,
    public config: QueueConfig,
    private readonly clock: Clock,
    private readonly senderId: string,
  ) {
    this.createdAt = clock.now();
    this.lastModifiedAt = this.createdAt;
  }

  get fifo(): boolean {
    return this.config.fifo;
  }

  /** Enqueues a validated message, or acknowledges a FIFO duplicate with the original's id. */
  send(input: ValidSend): SendResult {
    const now = this.clock.now();
    const md5OfBody = md5OfText(input.body);
    const md5OfAttributes = Object.keys(input.messageAttributes).length > 0 ? md5OfMessageAttributes(input.messageAttributes) : undefined;
    const md5OfSystemAttributes =
      input.awsTraceHeader === undefined ? undefined : md5OfMessageAttributes({ AWSTraceHeader: { DataType: 'String', StringValue: input.awsTraceHeader } });
    let dedupKey: string | undefined;
    if (this.fifo) {
      // Content-based deduplication hashes the body only, not the attributes, as AWS documents.
      const dedupId = input.messageDeduplicationId ?? createHash('sha256').update(input.body, 'utf8').digest('hex');
      dedupKey = this.config.deduplicationScope === 'messageGroup' ? `${input.messageGroupId}\u0000${dedupId}` : dedupId;
      const previous = this.dedup.find(dedupKey, now);
      if (previous !== undefined) {
        return {
          messageId: previous.messageId,
          md5OfBody: input.md5OfSentBody,
          md5OfMessageAttributes: md5OfAttributes,
          md5OfMessageSystemAttributes: md5OfSystemAttributes,
          sequenceNumber: previous.sequenceNumber,
          duplicate: true,
        };
      }
      input = { ...input, messageDeduplicationId: dedupId };
    }
    const messageId = randomUUID();
    const sequenceNumber = this.fifo ? this.nextSequenceNumber() : undefined;
    const delay = input.delaySeconds ?? this.config.delaySeconds;
    this.store({
      messageId,
      body: input.body,
      md5OfBody,
      messageAttributes: input.messageAttributes,
      md5OfMessageAttributes: md5OfAttributes,
      awsTraceHeader: input.awsTraceHeader,
      senderId: this.senderId,
      sentTimestamp: now,
      retainedFrom: now,
      arrivedAt: now,
      messageGroupId: input.messageGroupId,
      messageDeduplicationId: this.fifo ? input.messageDeduplicationId : undefined,
      sequenceNumber,
      visibleAt: now + delay * 1000,
      receiveCount: 0,
    });
    if (dedupKey !== undefined && sequenceNumber !== undefined) this.dedup.remember(dedupKey, messageId, sequenceNumber, now);
    return {
      messageId,
      md5OfBody: input.md5OfSentBody,
      md5OfMessageAttributes: md5OfAttributes,
      md5OfMessageSystemAttributes: md5OfSystemAttributes,
      sequenceNumber,
      duplicate: false,
    };
  }

  /**
   * Receives up to `max` messages and starts their visibility timeout. FIFO: as many messages of
   * a group as possible (from its head, stopping at the first one not yet visible), then the next
   * group, groups in the order they appeared; a group with a message in flight is skipped whole.
   * A message already received `maxReceiveCount` times moves to the dead-letter queue instead of
   * being returned, which unblocks its group. On FIFO queues a retry with the same
   * `attemptId` (ReceiveRequestAttemptId) within 5 minutes returns the same messages.
   */
  receive(max: number, visibilityTimeout: number | undefined, deadLetterQueues: QueueLookup, attemptId?: string): StoredMessage[] {
    const now = this.clock.now();
    this.expire(now);
    const timeoutMs = (visibilityTimeout ?? this.config.visibilityTimeout) * 1000;
    if (this.fifo && attemptId !== undefined) {
      const replayed = this.attempts.replay(attemptId, (message) => this.messages.get(message.messageId) === message, now, now + timeoutMs);
      if (replayed !== undefined) return replayed;
    }
    const received = this.take(max, now, timeoutMs, deadLetterQueues);
    if (this.fifo && attemptId !== undefined) this.attempts.remember(attemptId, received.map((message) => this.messages.get(message.messageId)!), now);
    return received;
  }

  private take(max: number, now: number, timeoutMs: number, deadLetterQueues: QueueLookup): StoredMessage[] {
    const received: StoredMessage[] = [];
    const take = (message: StoredMessage) => {
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.lastReceivedAt = now;
      message.receiptHandle = newReceiptHandle(this.arn, message.messageId);
      message.visibleAt = now + timeoutMs;
      received.push({ ...message });
    };
    if (!this.fifo) {
      for (const message of this.messages.values()) {
        if (received.length >= max) break;
        if (message.visibleAt > now) continue;
        if (this.redrive(message, deadLetterQueues)) continue;
        take(message);
      }
      return received;
    }
    for (const members of this.groups.lists()) {
      if (received.length >= max) break;
      if (MessageGroups.inFlight(members, now)) continue;
      let index = 0;
      while (index < members.length && received.length < max) {
        const message = members[index];
        // Order within the group: nothing after a message that is not visible yet.
        if (message.visibleAt > now) break;
        // A redriven message leaves the list, so the same index now holds the next one.
        if (this.redrive(message, deadLetterQueues)) continue;
        take(message);
        index += 1;
      }
    }
    return received;
  }

  /** Deletes the message `handle` was issued for; a handle of an already deleted message succeeds, as in AWS. */
  delete(handle: string): void {
    const message = this.lookup(handle);
    if (message === undefined) return;
    if (this.fifo && (message.receiptHandle !== handle || message.visibleAt <= this.clock.now())) throw receiptHandleExpired(handle);
    this.remove(message);
  }

  /** Restarts the visibility timeout of an in-flight message at `seconds` from now. */
  changeVisibility(handle: string, seconds: number): void {
    const message = this.lookup(handle);
    if (message === undefined) {
      throw invalidParameterValue(`Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`);
    }
    const now = this.clock.now();
    if (this.fifo && message.receiptHandle !== handle) throw receiptHandleExpired(handle);
    if (message.receiptHandle === undefined || message.visibleAt <= now) throw messageNotInflight(handle);
    if (now + seconds * 1000 > (message.lastReceivedAt ?? now) + MAX_VISIBILITY_MS) {
      throw invalidParameterValue(
        `Value ${seconds} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds] (12 hours from its receive).`,
      );
    }
    message.visibleAt = now + seconds * 1000;
  }

  /** Deletes every message; the deduplication window stays, as in AWS. */
  purge(): void {
    this.messages.clear();
    this.groups.clear();
    this.attempts.clear();
  }

  /** Takes a message moved here from `sourceArn` by a redrive, keeping its id, body, attributes and receive count. */
  acceptDeadLetter(message: StoredMessage, sourceArn: string): void {
    const now = this.clock.now();
    this.store({
      ...message,
      sequenceNumber: this.fifo ? this.nextSequenceNumber() : undefined,
      messageGroupId: message.messageGroupId,
      messageDeduplicationId: this.fifo ? message.messageDeduplicationId : undefined,
      // AWS: a FIFO DLQ restarts the retention period, a standard one keeps the original enqueue time.
      retainedFrom: this.fifo ? now : message.retainedFrom,
      arrivedAt: now,
      deadLetterQueueSourceArn: sourceArn,
      visibleAt: now,
      receiptHandle: undefined,
      lastReceivedAt: undefined,
    });
  }

  /** Counts for GetQueueAttributes and the live view. */
  stats(): QueueStats {
    const now = this.clock.now();
    this.expire(now);
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    let oldest = now;
    for (const message of this.messages.values()) {
      if (message.visibleAt <= now) visible += 1;
      else if (message.receiptHandle !== undefined) inFlight += 1;
      else delayed += 1;
      oldest = Math.min(oldest, message.arrivedAt);
    }
    return { visible, inFlight, delayed, messages: visible + inFlight + delayed, oldestAgeSeconds: Math.max(0, Math.floor((now - oldest) / 1000)) };
  }

  /** The messages in queue order, without receiving them. */
  peek(): PeekedMessage[] {
    const now = this.clock.now();
    this.expire(now);
    return [...this.messages.values()].map((message) => ({
      messageId: message.messageId,
      body: message.body,
      messageAttributes: message.messageAttributes,
      messageGroupId: message.messageGroupId,
      messageDeduplicationId: message.messageDeduplicationId,
      sequenceNumber: message.sequenceNumber,
      receiveCount: message.receiveCount,
      sentTimestamp: message.sentTimestamp,
      deadLetterQueueSourceArn: message.deadLetterQueueSourceArn,
      state: message.visibleAt <= now ? 'visible' : message.receiptHandle !== undefined ? 'inFlight' : 'delayed',
    }));
  }

  /** The next time (ms) a message becomes visible, so a long poll knows when to look again. */
  nextVisibleAt(): number | undefined {
    const now = this.clock.now();
    if (this.fifo) return this.groups.nextVisibleAt(now);
    let next: number | undefined;
    for (const message of this.messages.values()) {
      if (message.visibleAt > now && (next === undefined || message.visibleAt < next)) next = message.visibleAt;
    }
    return next;
  }

  private lookup(handle: string): StoredMessage | undefined {
    const ref = parseReceiptHandle(handle);
    if (ref.queueArn !== this.arn) throw receiptHandleIsInvalid(handle, `it was issued by ${ref.queueArn}, not by ${this.arn}`);
    return this.messages.get(ref.messageId);
  }

  /** Moves `message` to the dead-letter queue when it has used up its receives; true when moved. */
  private redrive(message: StoredMessage, deadLetterQueues: QueueLookup): boolean {
    const policy = this.config.redrivePolicy;
    if (policy === undefined || message.receiveCount < policy.maxReceiveCount) return false;
    const target = deadLetterQueues(policy.deadLetterTargetArn);
    // AWS keeps the message when the DLQ is gone; so does the emulator, delivering it again.
    if (target === undefined) return false;
    this.remove(message);
    target.acceptDeadLetter(message, this.arn);
    return true;
  }

  private store(message: StoredMessage): void {
    this.messages.set(message.messageId, message);
    if (this.fifo) this.groups.add(message);
  }

  private remove(message: StoredMessage): void {
    this.messages.delete(message.messageId);
    if (this.fifo) this.groups.remove(message);
  }

  /** Drops messages past the retention period; at most once a second, as retention is counted in minutes. */
  private expire(now: number): void {
    if (now - this.lastExpiry < 1000) return;
    this.lastExpiry = now;
    const retentionMs = this.config.messageRetentionPeriod * 1000;
    for (const message of this.messages.values()) {
      if (now - message.retainedFrom >= retentionMs) this.remove(message);
    }
  }

  private nextSequenceNumber(): string {
    this.sequence += 1n;
    return this.sequence.toString().padStart(20, '0');
  }
}
