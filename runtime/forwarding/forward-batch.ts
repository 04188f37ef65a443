import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { ForwardFailedError } from './errors';
import type { ForwardingConfig } from './forwarding-config';
import { toForwardedMessage, type ForwardedMessage } from './forward-message';
import { parkUnforwardable, type Unforwardable } from './park-unforwardable';
import { planRound } from './plan-batches';

/** Where the forwarder reports a record it could not forward. */
export interface ForwardingLogger {
  error(message: string, extra: { messageId: string; error: Error }): void;
}

/** Result of one forwarding pass, in the shape Lambda expects for partial batch failures. */
export type ForwardResult = SQSBatchResponse;

type BufferedRecord = Pick<SQSRecord, 'messageId' | 'body'>;

interface Pending {
  readonly record: BufferedRecord;
  readonly message: ForwardedMessage;
  readonly bytes: number;
  readonly group: string;
}

/**
 * Forwards a batch of buffered EventBridge events to the consumer FIFO queue.
 *
 * - An event that can never be forwarded (not an EventBridge event, no group key) is
 *   logged and parked in the dead-letter queue with its reason; it has no entity, so
 *   skipping it breaks no entity's order. If it cannot be parked it is reported as a
 *   failure on its own.
 * - Calls respect SQS's per-call limits (10 entries, 1 MiB) and carry at most one message
 *   per group; a group's later events go in later calls, sent only once the earlier one was
 *   accepted. Calls of one round carry disjoint groups and are sent concurrently.
 * - When SQS does not accept an event (rejected entry, failed call), that event and the
 *   later events of its group are reported as failures and retried; other groups go on.
 *   Events re-sent on a retry are dropped by SQS as duplicates (same deduplication id within
 *   5 minutes), and the consumer deduplicates by eventId after that.
 */
export async function forwardBatch(
  records: readonly BufferedRecord[],
  config: ForwardingConfig,
  sqs: SQSClient,
  logger: ForwardingLogger,
): Promise<ForwardResult> {
  let pending: Pending[] = [];
  const unforwardable: Unforwardable[] = [];
  for (const record of records) {
    try {
      const message = toForwardedMessage(record.messageId, record.body, config);
      pending.push({ record, message, bytes: Buffer.byteLength(message.body, 'utf8'), group: message.messageGroupId });
    } catch (error) {
      logger.error('cannot forward buffered event', { messageId: record.messageId, error: error as Error });
      unforwardable.push({ record, error: error as Error });
    }
  }

  const failed = await parkUnforwardable(unforwardable, config, sqs);
  while (pending.length > 0) {
    const { calls, rest } = planRound(pending);
    const failedGroups = new Set<string>();
    const outcomes = await Promise.all(calls.map((call) => sendCall(call, config, sqs, logger)));
    for (const item of outcomes.flat()) {
      failed.add(item.record.messageId);
      failedGroups.add(item.group);
    }
    // A group's later events must not overtake the one SQS did not take: they fail unsent.
    for (const item of rest) if (failedGroups.has(item.group)) failed.add(item.record.messageId);
    pending = rest.filter((item) => !failedGroups.has(item.group));
  }

  return {
    batchItemFailures: records.filter((record) => failed.has(record.messageId)).map((record) => ({ itemIdentifier: record.messageId })),
  };
}

/** Sends one call; returns the items SQS did not accept. */
async function sendCall(call: readonly Pending[], config: ForwardingConfig, sqs: SQSClient, logger: ForwardingLogger): Promise<Pending[]> {
  try {
    const response = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: config.targetQueueUrl,
        Entries: call.map(({ message }, i) => ({
          Id: String(i),
          MessageBody: message.body,
          MessageGroupId: message.messageGroupId,
          MessageDeduplicationId: message.messageDeduplicationId,
        })),
      }),
    );
    const rejected: Pending[] = [];
    for (const entry of response.Failed ?? []) {
      const item = call[Number(entry.Id)];
      if (item === undefined) continue;
      rejected.push(item);
      logger.error('consumer queue rejected a forwarded event', {
        messageId: item.record.messageId,
        error: new ForwardFailedError(item.record.messageId, `${entry.Code ?? 'unknown code'}: ${entry.Message ?? 'no message'}`),
      });
    }
    // An entry neither accepted nor rejected was not taken either.
    const answered = new Set([...(response.Successful ?? []), ...(response.Failed ?? [])].map((entry) => Number(entry.Id)));
    call.forEach((item, i) => {
      if (!answered.has(i)) rejected.push(item);
    });
    return rejected;
  } catch (error) {
    const messageId = call[0]!.record.messageId;
    logger.error('SendMessageBatch failed', {
      messageId,
      error: new ForwardFailedError(messageId, (error as Error).message, { cause: error }),
    });
    return [...call];
  }
}
