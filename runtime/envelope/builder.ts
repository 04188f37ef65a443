import { monotonicFactory } from 'ulid';
import { InvalidEventInputError } from './errors';
import { isSequence } from './parser';
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
  /** Position among the entity's events (1, 2, 3...), `detail.metadata.sequence`. @default none (best-effort order) */
  readonly sequence?: number;
}

/** `eventVersion` as schemas/envelope/metadata.json describes it: MAJOR or MAJOR.MINOR. */
const EVENT_VERSION = /^[1-9][0-9]*(\.(0|[1-9][0-9]*))?$/;

function optionalText(value: unknown, name: string): string | undefined {
  return value === undefined ? undefined : requireText(value, name);
}

function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidEventInputError(`createEvent: ${name} must be a non-empty string, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function versionOf(value: unknown): string {
  const version = requireText(value ?? '1', 'eventVersion');
  if (!EVENT_VERSION.test(version)) {
    throw new InvalidEventInputError(`createEvent: eventVersion must be MAJOR or MAJOR.MINOR, e.g. "1" or "1.1", got ${JSON.stringify(version)}.`);
  }
  return version;
}

function sequenceOf(value: unknown): number {
  if (!isSequence(value)) {
    throw new InvalidEventInputError(
      `createEvent: sequence must be a positive integer (1 for an entity's first event, +1 per event), got ${JSON.stringify(value)}.`,
    );
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
    eventVersion: versionOf(input.eventVersion),
    occurredAt: occurredAt.toISOString(),
    producer: requireText(input.producer ?? source, 'producer'),
    ...(input.correlationId === undefined ? {} : { correlationId: optionalText(input.correlationId, 'correlationId') }),
    ...(input.causationId === undefined ? {} : { causationId: optionalText(input.causationId, 'causationId') }),
    ...(input.sequence === undefined ? {} : { sequence: sequenceOf(input.sequence) }),
  };
  if (input.data === undefined) throw new InvalidEventInputError('createEvent: data is required (use {} for an event without data).');
  if (typeof input.data !== 'object' || input.data === null || Array.isArray(input.data)) {
    throw new InvalidEventInputError(`createEvent: data must be a JSON object (consumers and schemas read its fields), got ${JSON.stringify(input.data)}.`);
  }
  return {
    source,
    detailType,
    detail: { metadata, data: input.data },
    time: occurredAt,
    ...(input.resources === undefined ? {} : { resources: input.resources }),
  };
}
