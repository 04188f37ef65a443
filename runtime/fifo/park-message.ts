import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { MessageAttributeValue, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { parkedAttributes } from '../forwarding';

/** What is known about a message being parked, besides the error. */
export interface ParkDetails {
  readonly eventId?: string;
  /** Entity and sequence of a sequenced event: what `skipParkedSequence` needs. */
  readonly entity?: string;
  readonly sequence?: number;
}

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/**
 * Copies a message to the consumer's dead-letter queue with the reason in message attributes
 * (`ErrorType`, `ErrorMessage`, `ParkedAt`, `ParkedBy`=consumer, `EventId`, plus `Entity` and `Sequence`
 * when sequenced), in the same message group. The SQS messageId is the deduplication id, so a park
 * retried after a crash is dropped by the DLQ as a duplicate. Throws when SQS refuses it: the message
 * must then be reported failed, not acknowledged.
 */
export async function parkMessage(sqs: SQSClient, queueUrl: string, record: SQSRecord, error: Error, details: ParkDetails = {}): Promise<void> {
  const groupId = record.attributes?.MessageGroupId;
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: record.body,
      ...(groupId === undefined ? {} : { MessageGroupId: groupId, MessageDeduplicationId: record.messageId.slice(0, 128) }),
      MessageAttributes: {
        // The same reason attributes as the forwarder's, bounded in size (an event near the limit still parks).
        ...parkedAttributes(error, new Date(), 'consumer', details.eventId),
        ...(details.entity === undefined ? {} : { Entity: text(details.entity) }),
        ...(details.sequence === undefined ? {} : { Sequence: { DataType: 'Number', StringValue: String(details.sequence) } }),
      },
    }),
  );
}
