import { SendMessageBatchCommand, type MessageAttributeValue, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { ForwardingConfig } from './forwarding-config';
import { planRound } from './plan-batches';

/** Contract: the reason in `ErrorMessage` is at most 1024 characters (kept to 1024 UTF-8 bytes). */
export const MAX_REASON_BYTES = 1024;

/** A buffered record that can never be forwarded, with why. */
export interface Unforwardable {
  readonly record: Pick<SQSRecord, 'messageId' | 'body'>;
  readonly error: Error;
}

/** `text` cut to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out;
}

/** Bytes SQS counts for message attributes: names, data types and values. */
export function attributeBytes(attributes: Record<string, MessageAttributeValue>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(attributes)) {
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType ?? '', 'utf8');
    bytes += Buffer.byteLength(value.StringValue ?? '', 'utf8');
  }
  return bytes;
}

/**
 * The attributes every message the router parks carries (BRIEF contract 6): `ErrorType` (the
 * error class name), `ErrorMessage` (reason, at most MAX_REASON_BYTES), `ParkedAt`, `ParkedBy` and `EventId`
 * (at most 256 bytes) when known, so the attributes stay far inside SQS's message size whatever the event carries.
 */
export function parkedAttributes(
  error: Error,
  parkedAt: Date,
  parkedBy: 'forwarder' | 'consumer' = 'forwarder',
  eventId: unknown = (error as { eventId?: unknown }).eventId,
): Record<string, MessageAttributeValue> {
  return {
    ErrorType: { DataType: 'String', StringValue: error.name || 'Error' },
    ErrorMessage: { DataType: 'String', StringValue: truncateUtf8(error.message || error.name || 'no reason given', MAX_REASON_BYTES) },
    ParkedAt: { DataType: 'String', StringValue: parkedAt.toISOString() },
    ParkedBy: { DataType: 'String', StringValue: parkedBy },
    ...(typeof eventId === 'string' && eventId.length > 0 ? { EventId: { DataType: 'String', StringValue: truncateUtf8(eventId, 256) } } : {}),
  };
}

/**
 * Copies unforwardable records to the (standard) dead-letter queue with their reason in
 * message attributes, so they wait there explained instead of being retried for
 * maxReceiveCount visibility timeouts. Calls respect SQS's per-call count and byte limits.
 * Returns the messageIds that could NOT be parked (they must be reported as failures).
 */
export async function parkUnforwardable(
  items: readonly Unforwardable[],
  config: ForwardingConfig,
  sqs: SQSClient,
  now: () => Date = () => new Date(),
): Promise<Set<string>> {
  const notParked = new Set<string>();
  if (config.deadLetterQueueUrl === undefined) {
    items.forEach((item) => notParked.add(item.record.messageId));
    return notParked;
  }
  const parkedAt = now();
  const sendables = items.map((item) => {
    const attributes = parkedAttributes(item.error, parkedAt);
    return { item, attributes, bytes: Buffer.byteLength(item.record.body, 'utf8') + attributeBytes(attributes) };
  });
  const { calls } = planRound(sendables);
  await Promise.all(
    calls.map(async (call) => {
      try {
        const response = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: config.deadLetterQueueUrl,
            Entries: call.map(({ item, attributes }, i) => ({ Id: String(i), MessageBody: item.record.body, MessageAttributes: attributes })),
          }),
        );
        for (const failed of response.Failed ?? []) {
          const entry = call[Number(failed.Id)];
          if (entry !== undefined) notParked.add(entry.item.record.messageId);
        }
      } catch {
        call.forEach(({ item }) => notParked.add(item.record.messageId));
      }
    }),
  );
  return notParked;
}
