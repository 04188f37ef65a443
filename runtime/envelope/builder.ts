import { monotonicFactory } from 'ulid';
import { InvalidEventInputError } from './errors';
import type { EventDetail, EventMetadata, PublishableEvent } from './types';

// Monotonic so that two events created in the same millisecond still sort in creation order.
const nextUlid = monotonicFactory();

/** Returns a new ULID: 26 characters, lexicographically sortable by creation time. */
export function newEventId(now: number = Date.now()): string {
  return nextUlid(now);
}

/** Input of `createEvent`. */
export interface CreateEventInput<TData> {
  /** EventBridge `source`, e.g. `orders-service`. */
  readonly source: string;
  /** EventBridge `detail-type`, e.g. `OrderPlaced`. */
  readonly detailType: string;
  /** Dotted fact name, e.g. `order.placed`. */
  readonly eventType: string;
  /** @default '1' */
  readonly eventVersion?: string;
  readonly data: TData;
  /** @default source */
  readonly producer?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** @default a new ULID */
  readonly eventId?: string;
  /** @default now */
  readonly occurredAt?: Date;
  readonly resources?: readonly string[];
}

function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidEventInputError(`createEvent: ${name} must be a non-empty string, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** Builds an event in this project's envelope with a fresh sortable eventId; pure apart from the clock. */
export function createEvent<TData>(input: CreateEventInput<TData>): PublishableEvent<EventDetail<TData>> {
  const source = requireText(input.source, 'source');
  const detailType = requireText(input.detailType, 'detailType');
  const occurredAt = input.occurredAt ?? new Date();
  if (Number.isNaN(occurredAt.getTime())) throw new InvalidEventInputError('createEvent: occurredAt is an invalid Date.');
  const metadata: EventMetadata = {
    eventId: input.eventId === undefined ? newEventId(occurredAt.getTime()) : requireText(input.eventId, 'eventId'),
    eventType: requireText(input.eventType, 'eventType'),
    eventVersion: requireText(input.eventVersion ?? '1', 'eventVersion'),
    occurredAt: occurredAt.toISOString(),
    producer: requireText(input.producer ?? source, 'producer'),
    ...(input.correlationId === undefined ? {} : { correlationId: input.correlationId }),
    ...(input.causationId === undefined ? {} : { causationId: input.causationId }),
  };
  if (input.data === undefined) throw new InvalidEventInputError('createEvent: data is required (use {} for an event without data).');
  return {
    source,
    detailType,
    detail: { metadata, data: input.data },
    time: occurredAt,
    ...(input.resources === undefined ? {} : { resources: input.resources }),
  };
}
