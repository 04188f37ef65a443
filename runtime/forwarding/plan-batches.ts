/** SendMessageBatch takes at most 10 entries. */
export const MAX_BATCH_ENTRIES = 10;
/**
 * SQS caps one SendMessageBatch call's total payload (the sum of every entry's body and
 * message attributes) at 1 MiB, whatever the queue's MaximumMessageSize.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
 */
export const MAX_BATCH_BYTES = 1_048_576;

/** Something to send: its SQS size and, for FIFO queues, its message group. */
export interface Sendable {
  /** Bytes SQS counts: UTF-8 body plus attribute names, types and values. */
  readonly bytes: number;
  /** Entries with the same group never share a call and keep their input order across calls. */
  readonly group?: string;
}

/**
 * Splits one round of sends into SendMessageBatch calls that SQS cannot refuse for their shape:
 * at most {@link MAX_BATCH_ENTRIES} entries and {@link MAX_BATCH_BYTES} bytes per call, and only
 * the earliest pending item of each group. Returns the calls of this round (they may be sent
 * concurrently: no two carry the same group) and what is left for the next round, in input order.
 * An item alone over the byte limit still gets a call of its own, for SQS to refuse it by name.
 */
export function planRound<T extends Sendable>(pending: readonly T[]): { calls: T[][]; rest: T[] } {
  const calls: T[][] = [];
  const rest: T[] = [];
  const seen = new Set<string>();
  let current: T[] = [];
  let bytes = 0;
  for (const item of pending) {
    if (item.group !== undefined) {
      if (seen.has(item.group)) {
        rest.push(item);
        continue;
      }
      seen.add(item.group);
    }
    if (current.length === MAX_BATCH_ENTRIES || (current.length > 0 && bytes + item.bytes > MAX_BATCH_BYTES)) {
      calls.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.bytes;
  }
  if (current.length > 0) calls.push(current);
  return { calls, rest };
}
