import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { ForwardingConfig } from './forwarding-config';
import { toSqsId } from './sqs-ids';

/** SendMessageBatch takes at most 10 entries. */
const MAX_BATCH_ENTRIES = 10;
/** SQS message attribute values are kept short: the reason, not a dump. */
const MAX_REASON_LENGTH = 1024;

/** A buffered record that can never be forwarded, with why. */
export interface Unforwardable {
  readonly record: Pick<SQSRecord, 'messageId' | 'body'>;
  readonly error: Error;
}

/**
 * Copies unforwardable records to the dead-letter queue, each with attributes
 * `ErrorType` and `ErrorMessage`, so they wait there with their reason instead of
 * blocking the buffer's single message group for maxReceiveCount visibility timeouts.
 * Returns the messageIds that could NOT be parked (they must be reported as failures).
 */
export async function parkUnforwardable(
  items: readonly Unforwardable[],
  config: ForwardingConfig,
  sqs: SQSClient,
): Promise<Set<string>> {
  const notParked = new Set<string>();
  if (config.deadLetterQueueUrl === undefined) {
    items.forEach((item) => notParked.add(item.record.messageId));
    return notParked;
  }
  for (let start = 0; start < items.length; start += MAX_BATCH_ENTRIES) {
    const chunk = items.slice(start, start + MAX_BATCH_ENTRIES);
    try {
      const response = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: config.deadLetterQueueUrl,
          Entries: chunk.map((item, i) => ({
            Id: String(i),
            MessageBody: item.record.body,
            // No entity to order by; the buffer messageId makes a retried park a duplicate.
            MessageGroupId: config.staticGroupId,
            MessageDeduplicationId: toSqsId(item.record.messageId),
            MessageAttributes: {
              ErrorType: { DataType: 'String', StringValue: item.error.name },
              ErrorMessage: { DataType: 'String', StringValue: item.error.message.slice(0, MAX_REASON_LENGTH) },
            },
          })),
        }),
      );
      for (const failed of response.Failed ?? []) notParked.add(chunk[Number(failed.Id)].record.messageId);
    } catch {
      chunk.forEach((item) => notParked.add(item.record.messageId));
    }
  }
  return notParked;
}
