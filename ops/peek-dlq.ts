import type { Message } from '@aws-sdk/client-sqs';
import { dlqRoute } from './dlq-route';
import { OpsInputError } from './errors';
import { parseFilter, type MessageFilter } from './message-filter';
import { toParkedMessage, type ParkedMessage } from './parked-message';
import { DEFAULT_HOLD_SECONDS, receiveBatch, releaseMessages } from './queue-reader';
import type { DlqKind, OpsTarget } from './types';

/** Options of {@link peekDlq}. */
export interface PeekOptions {
  /** Which DLQ of the consumer. @default 'consumer' */
  readonly queue?: DlqKind;
  /** Most messages to return. @default 10 */
  readonly limit?: number;
  /** `--filter` expressions, or a parsed filter. @default every message */
  readonly filter?: readonly string[] | string | MessageFilter;
  /** Most messages to read while looking for `limit` matches. @default 1000 */
  readonly maxScan?: number;
  /** Seconds the read messages stay hidden if the peek dies before releasing them. @default 30 */
  readonly holdSeconds?: number;
}

/** What {@link peekDlq} found. */
export interface PeekResult {
  readonly consumer: string;
  readonly queue: DlqKind;
  readonly queueName: string;
  readonly messages: ParkedMessage[];
  /** Messages read (matching or not). */
  readonly scanned: number;
  /** Messages that could not be made visible again (they reappear when the hold runs out). */
  readonly notReleased: number;
}

/**
 * Shows a consumer's parked messages without changing them: reads them with ReceiveMessage (hidden for
 * `holdSeconds`), then makes every one visible again (ChangeMessageVisibility 0); nothing is deleted. SQS counts the
 * read as a receive (ApproximateReceiveCount + 1); a DLQ has no redrive policy, so that moves nothing. On a FIFO DLQ
 * at most 10 messages of one entity can be read per peek (SQS hides the rest of a group while part of it is out).
 */
export async function peekDlq(target: OpsTarget, consumerName: string, options: PeekOptions = {}): Promise<PeekResult> {
  const limit = options.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1) throw new OpsInputError(`--limit must be a positive whole number; got ${String(options.limit)}.`);
  const filter = typeof options.filter === 'function' ? options.filter : parseFilter(options.filter);
  const route = dlqRoute(await target.consumer(consumerName), options.queue);
  const maxScan = options.maxScan ?? 1000;
  const held: Message[] = [];
  const messages: ParkedMessage[] = [];
  let notReleased = 0;
  try {
    while (messages.length < limit && held.length < maxScan) {
      const batch = await receiveBatch(target.sqs, route.dlq, options.holdSeconds ?? DEFAULT_HOLD_SECONDS);
      if (batch.length === 0) break;
      held.push(...batch);
      for (const message of batch) {
        const parked = toParkedMessage(message);
        if (messages.length < limit && filter(parked)) messages.push(parked);
      }
    }
  } finally {
    notReleased = await releaseMessages(target.sqs, route.dlq, held);
  }
  return { consumer: route.consumer, queue: route.kind, queueName: route.dlq.name, messages, scanned: held.length, notReleased };
}
