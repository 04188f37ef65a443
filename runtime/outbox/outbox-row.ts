import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { PublishableEvent } from '../envelope/index';
import { eventIdOf } from '../publisher/index';
import { CREATED_AT_ATTRIBUTE, PENDING_SHARD_ATTRIBUTE, pendingShardOf } from './outbox-keys';

/** One event to write to the outbox: the entity it belongs to (the order key) and the event itself. */
export interface OutboxEvent {
  /** Partition key of the outbox row, e.g. `order#ord_9921`: events of one entity are published in order. */
  readonly entityKey: string;
  /** Must carry the envelope: its `metadata.eventId` becomes the sort key. */
  readonly event: PublishableEvent;
}

/** Seven days after publishing: long enough to investigate, the stream itself only keeps 24 hours. */
export const DEFAULT_OUTBOX_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * Builds the outbox row of the contract (pk entity, sk eventId, source, detailType, detail JSON,
 * createdAt, pendingShard: the row is pending until the publisher marks it, retainSeconds: how long
 * it is kept once published) or returns why it cannot. A pending row has no `expiresAt`, so TTL can
 * never delete an event that was not published; the published mark sets it.
 * With `sequence`, the event's `detail.metadata.sequence` is set to it and the row carries it as `sequence`.
 */
export function toOutboxRow(
  outboxEvent: OutboxEvent,
  nowMs: number,
  ttlSeconds: number,
  sequence?: number,
): Record<string, AttributeValue> | string {
  const { entityKey, event } = outboxEvent;
  if (typeof entityKey !== 'string' || entityKey.length === 0) return 'entityKey must be a non-empty string';
  if (typeof event !== 'object' || event === null) return 'event is missing';
  if (typeof event.source !== 'string' || event.source.length === 0) return 'event.source must be a non-empty string';
  if (typeof event.detailType !== 'string' || event.detailType.length === 0) return 'event.detailType must be a non-empty string';
  let detailJson: string;
  let detail: unknown;
  try {
    detailJson = typeof event.detail === 'string' ? event.detail : JSON.stringify(event.detail);
    detail = JSON.parse(detailJson);
  } catch {
    return 'event.detail is not JSON';
  }
  const eventId = eventIdOf(detail);
  if (eventId === undefined) return 'event.detail has no metadata.eventId (build it with createEvent())';
  if (sequence !== undefined) {
    const metadata = (detail as { metadata: Record<string, unknown> }).metadata;
    if (metadata['sequence'] !== undefined) return 'event.detail.metadata.sequence is set; writeWithOutbox assigns it, leave it out';
    // Parsed from the caller's JSON, so this changes a copy, never the caller's event.
    metadata['sequence'] = sequence;
    detailJson = JSON.stringify(detail);
  }
  return {
    pk: { S: entityKey },
    sk: { S: eventId },
    source: { S: event.source },
    detailType: { S: event.detailType },
    detail: { S: detailJson },
    retainSeconds: { N: String(ttlSeconds) },
    [CREATED_AT_ATTRIBUTE]: { N: String(nowMs) },
    [PENDING_SHARD_ATTRIBUTE]: { S: pendingShardOf(entityKey) },
    ...(sequence === undefined ? {} : { sequence: { N: String(sequence) } }),
  };
}
