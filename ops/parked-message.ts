import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';

/** A message in a dead-letter queue, as `dlq peek` shows it and `dlq redrive` selects it. */
export interface ParkedMessage {
  readonly messageId: string;
  /** The producer's `detail.metadata.eventId` (or the `EventId` attribute, else EventBridge's `id`). */
  readonly eventId?: string;
  /** The FIFO message group: the entity (e.g. an orderId) on a consumer DLQ. */
  readonly entity?: string;
  readonly detailType?: string;
  readonly source?: string;
  readonly correlationId?: string;
  readonly sequence?: number;
  /** Contract 6 `ErrorType`, or EventBridge's `ERROR_CODE` on a target DLQ. */
  readonly errorType?: string;
  /** Contract 6 `ErrorMessage`, or EventBridge's `ERROR_MESSAGE`. */
  readonly errorMessage?: string;
  readonly parkedAt?: string;
  /** `consumer` | `forwarder` (contract 6), `eventbridge` on a target DLQ, `redrive-policy` when SQS moved it after maxReceiveCount. */
  readonly parkedBy?: string;
  readonly receiveCount: number;
  /** Seconds since the message was first sent (SentTimestamp). */
  readonly ageSeconds: number;
  readonly sentAt: string;
  /** Message attributes, string values only. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The body, unchanged: redrive sends exactly this. */
  readonly body: string;
}

/** Reads what an operator needs from a received DLQ message; never throws on a body that is not an event. */
export function toParkedMessage(message: Message, now = Date.now()): ParkedMessage {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(message.MessageAttributes ?? {}) as [string, MessageAttributeValue][]) {
    if (value.StringValue !== undefined) attributes[key] = value.StringValue;
  }
  let event: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(message.Body ?? '');
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) event = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: shown with its attributes only.
  }
  const detail = (event.detail ?? {}) as { metadata?: Record<string, unknown> };
  const metadata = detail.metadata ?? {};
  const sent = Number(message.Attributes?.SentTimestamp ?? now);
  const system = message.Attributes ?? {};
  const parkedBy =
    attributes.ParkedBy ??
    (attributes.ERROR_CODE !== undefined ? 'eventbridge' : system.DeadLetterQueueSourceArn !== undefined ? 'redrive-policy' : undefined);
  return {
    messageId: message.MessageId ?? '',
    eventId: attributes.EventId ?? str(metadata.eventId) ?? str(event.id),
    entity: system.MessageGroupId,
    detailType: str(event['detail-type']),
    source: str(event.source),
    correlationId: str(metadata.correlationId),
    sequence: typeof metadata.sequence === 'number' ? metadata.sequence : undefined,
    errorType: attributes.ErrorType ?? attributes.ERROR_CODE,
    errorMessage: attributes.ErrorMessage ?? attributes.ERROR_MESSAGE,
    parkedAt: attributes.ParkedAt,
    parkedBy,
    receiveCount: Number(system.ApproximateReceiveCount ?? 0),
    ageSeconds: Math.max(0, Math.floor((now - sent) / 1000)),
    sentAt: new Date(sent).toISOString(),
    attributes,
    body: message.Body ?? '',
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
