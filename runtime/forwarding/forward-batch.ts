import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { ForwardFailedError } from './errors';
import type { ForwardingConfig } from './forwarding-config';
import { toForwardedMessage, type ForwardedMessage } from './forward-message';
import { parkUnforwardable, type Unforwardable } from './park-unforwardable';

/** SendMessageBatch takes at most 10 entries. */
const MAX_BATCH_ENTRIES = 10;

/** Where the forwarder reports a record it could not forward. */
export interface ForwardingLogger {
  error(message: string, extra: { messageId: string; error: Error }): void;
}

/** Result of one forwarding pass, in the shape Lambda expects for partial batch failures. */
export type ForwardResult = SQSBatchResponse;

type BufferedRecord = Pick<SQSRecord, 'messageId' | 'body'>;

/**
 * Forwards a batch of buffered EventBridge events to the consumer FIFO queue, in order.
 *
 * - An event that can never be forwarded (not an EventBridge event, no group key) is
 *   logged and parked in the dead-letter queue with its reason; it has no entity, so
 *   skipping it breaks no entity's order. If it cannot be parked it is reported as a
 *   failure on its own.
 * - At the first forwardable event SQS does not accept (rejected entry, failed call),
 *   that event and every later forwardable one are reported as failures and retried
 *   together, so no event overtakes an earlier one. Events already sent before a retry
 *   are dropped by SQS as duplicates (same deduplication id within 5 minutes).
 */
export async function forwardBatch(
  records: readonly BufferedRecord[],
  config: ForwardingConfig,
  sqs: SQSClient,
  logger: ForwardingLogger,
): Promise<ForwardResult> {
  const forwardable: Array<{ record: BufferedRecord; message: ForwardedMessage }> = [];
  const unforwardable: Unforwardable[] = [];
  for (const record of records) {
    try {
      forwardable.push({ record, message: toForwardedMessage(record.messageId, record.body, config) });
    } catch (error) {
      logger.error('cannot forward buffered event', { messageId: record.messageId, error: error as Error });
      unforwardable.push({ record, error: error as Error });
    }
  }

  const failed = await parkUnforwardable(unforwardable, config, sqs);
  for (let start = 0; start < forwardable.length; start += MAX_BATCH_ENTRIES) {
    const chunk = forwardable.slice(start, start + MAX_BATCH_ENTRIES);
    const failedInChunk = await sendChunk(chunk, config, sqs, logger);
    if (failedInChunk !== undefined) {
      forwardable.slice(start + failedInChunk).forEach(({ record }) => failed.add(record.messageId));
      break;
    }
  }

  return {
    batchItemFailures: records.filter((record) => failed.has(record.messageId)).map((record) => ({ itemIdentifier: record.messageId })),
  };
}

/** Sends one chunk; returns the index of its first failed entry, or undefined when all were accepted. */
async function sendChunk(
  chunk: ReadonlyArray<{ record: BufferedRecord; message: ForwardedMessage }>,
  config: ForwardingConfig,
  sqs: SQSClient,
  logger: ForwardingLogger,
): Promise<number | undefined> {
  try {
    const response = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: config.targetQueueUrl,
        Entries: chunk.map(({ message }, i) => ({
          Id: String(i),
          MessageBody: message.body,
          MessageGroupId: message.messageGroupId,
          MessageDeduplicationId: message.messageDeduplicationId,
        })),
      }),
    );
    const failedIndexes = (response.Failed ?? []).map((entry) => Number(entry.Id));
    if (failedIndexes.length === 0) return undefined;
    const first = Math.min(...failedIndexes);
    const entry = response.Failed!.find((failed) => Number(failed.Id) === first)!;
    const messageId = chunk[first].record.messageId;
    logger.error('consumer queue rejected a forwarded event', {
      messageId,
      error: new ForwardFailedError(messageId, `${entry.Code ?? 'unknown code'}: ${entry.Message ?? 'no message'}`),
    });
    return first;
  } catch (error) {
    const messageId = chunk[0].record.messageId;
    logger.error('SendMessageBatch failed', {
      messageId,
      error: new ForwardFailedError(messageId, (error as Error).message, { cause: error }),
    });
    return 0;
  }
}
