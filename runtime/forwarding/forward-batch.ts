import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { ForwardFailedError } from './errors';
import type { ForwardingConfig } from './forwarding-config';
import { toForwardedMessage, type ForwardedMessage } from './forward-message';

/** SendMessageBatch takes at most 10 entries. */
const MAX_BATCH_ENTRIES = 10;

/** Where the forwarder reports a record it could not forward. */
export interface ForwardingLogger {
  error(message: string, extra: { messageId: string; error: Error }): void;
}

/** Result of one forwarding pass, in the shape Lambda expects for partial batch failures. */
export type ForwardResult = SQSBatchResponse;

/**
 * Forwards a batch of buffered EventBridge events to the consumer FIFO queue, in
 * order. The buffer is one FIFO group, so order must hold across the batch: at the
 * first record that cannot be forwarded, that record and every later one are
 * reported as batch item failures and retried together. Records already sent before
 * a retry are dropped by SQS as duplicates (same deduplication id within 5 minutes).
 */
export async function forwardBatch(
  records: readonly Pick<SQSRecord, 'messageId' | 'body'>[],
  config: ForwardingConfig,
  sqs: SQSClient,
  logger: ForwardingLogger,
): Promise<ForwardResult> {
  const messages: ForwardedMessage[] = [];
  let firstFailed = records.length;
  for (let i = 0; i < records.length; i++) {
    try {
      messages.push(toForwardedMessage(records[i].messageId, records[i].body, config));
    } catch (error) {
      logger.error('cannot forward buffered event', { messageId: records[i].messageId, error: error as Error });
      firstFailed = i;
      break;
    }
  }

  for (let start = 0; start < messages.length; start += MAX_BATCH_ENTRIES) {
    const chunk = messages.slice(start, start + MAX_BATCH_ENTRIES);
    const failedInChunk = await sendChunk(chunk, records.slice(start, start + chunk.length), config, sqs, logger);
    if (failedInChunk !== undefined) {
      firstFailed = Math.min(firstFailed, start + failedInChunk);
      break;
    }
  }

  return { batchItemFailures: records.slice(firstFailed).map((record) => ({ itemIdentifier: record.messageId })) };
}

/** Sends one chunk; returns the index of its first failed entry, or undefined when all were accepted. */
async function sendChunk(
  chunk: readonly ForwardedMessage[],
  records: readonly Pick<SQSRecord, 'messageId'>[],
  config: ForwardingConfig,
  sqs: SQSClient,
  logger: ForwardingLogger,
): Promise<number | undefined> {
  try {
    const response = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: config.targetQueueUrl,
        Entries: chunk.map((message, i) => ({
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
    logger.error('consumer queue rejected a forwarded event', {
      messageId: records[first].messageId,
      error: new ForwardFailedError(records[first].messageId, `${entry.Code ?? 'unknown code'}: ${entry.Message ?? 'no message'}`),
    });
    return first;
  } catch (error) {
    logger.error('SendMessageBatch failed', {
      messageId: records[0].messageId,
      error: new ForwardFailedError(records[0].messageId, (error as Error).message, { cause: error }),
    });
    return 0;
  }
}
