import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { PublishableEvent } from '../envelope/types';
import { eventIdOf } from '../publisher/entry';

/** One event to write to the outbox: the entity it belongs to (the order key) and the event itself. */
export interface OutboxEvent {
  /** Partition key of the outbox row, e.g. `order#ord_9921`: events of one entity are published in order. */
  readonly entityKey: string;
  /** Must carry the envelope: its `metadata.eventId` becomes the sort key. */
  readonly event: PublishableEvent;
}

/** Seven days: long enough to investigate, the stream itself only keeps 24 hours. */
export const DEFAULT_OUTBOX_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Builds the outbox row of the contract (pk entity, sk eventId, source, detailType, detail JSON, expiresAt) or returns why it cannot. */
export function toOutboxRow(outboxEvent: OutboxEvent, nowMs: number, ttlSeconds: number): Record<string, AttributeValue> | string {
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
  return {
    pk: { S: entityKey },
    sk: { S: eventId },
    source: { S: event.source },
    detailType: { S: event.detailType },
    detail: { S: detailJson },
    expiresAt: { N: String(Math.floor(nowMs / 1000) + ttlSeconds) },
  };
}
