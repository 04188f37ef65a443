import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { MessageAttributeValue, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';

/** SQS message attribute values are kept short: the reason, not a dump. */
const MAX_REASON_LENGTH = 1024;

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
        ErrorType: text(error.name || 'Error'),
        ErrorMessage: text((error.message || '(no message)').slice(0, MAX_REASON_LENGTH)),
        ParkedAt: text(new Date().toISOString()),
        ParkedBy: text('consumer'),
        ...(details.eventId === undefined ? {} : { EventId: text(details.eventId) }),
        ...(details.entity === undefined ? {} : { Entity: text(details.entity) }),
        ...(details.sequence === undefined ? {} : { Sequence: { DataType: 'Number', StringValue: String(details.sequence) } }),
      },
    }),
  );
}
