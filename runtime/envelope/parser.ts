import { EventRejectedByValidatorError, MalformedEventError } from './errors';
import type { ConsumedEvent, EventMetadata } from './types';
import type { EventValidator } from './validator';

/** Options of the envelope parser. */
export interface ParseEventOptions {
  /** Rejects events without our envelope instead of falling back to EventBridge's `id`. @default false */
  readonly requireEnvelope?: boolean;
  /** Schema check run after the structural checks; its error is wrapped in `EventRejectedByValidatorError`. */
  readonly validator?: EventValidator;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(container: Json, key: string, path: string): string {
  const value = container[key];
  if (value === undefined) throw new MalformedEventError(path, 'is missing');
  if (typeof value !== 'string') throw new MalformedEventError(path, `must be a string, got ${typeName(value)}`);
  if (value.length === 0) throw new MalformedEventError(path, 'must not be empty');
  return value;
}

function optionalText(container: Json, key: string, path: string): string | undefined {
  return container[key] === undefined ? undefined : text(container, key, path);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function parseMetadata(value: unknown): EventMetadata {
  if (!isObject(value)) throw new MalformedEventError('detail.metadata', `must be an object, got ${typeName(value)}`);
  const occurredAt = text(value, 'occurredAt', 'detail.metadata.occurredAt');
  if (Number.isNaN(Date.parse(occurredAt))) {
    throw new MalformedEventError('detail.metadata.occurredAt', `must be an ISO-8601 timestamp, got ${JSON.stringify(occurredAt)}`);
  }
  const correlationId = optionalText(value, 'correlationId', 'detail.metadata.correlationId');
  const causationId = optionalText(value, 'causationId', 'detail.metadata.causationId');
  const sequence = value['sequence'];
  if (sequence !== undefined && !isSequence(sequence)) {
    throw new MalformedEventError('detail.metadata.sequence', `must be a positive integer, got ${JSON.stringify(sequence)}`);
  }
  return {
    eventId: text(value, 'eventId', 'detail.metadata.eventId'),
    eventType: text(value, 'eventType', 'detail.metadata.eventType'),
    eventVersion: text(value, 'eventVersion', 'detail.metadata.eventVersion'),
    occurredAt,
    producer: text(value, 'producer', 'detail.metadata.producer'),
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(causationId === undefined ? {} : { causationId }),
    ...(sequence === undefined ? {} : { sequence }),
  };
}

/** A sequence number of the envelope: a positive safe integer (JSON has no bigger exact integers). */
export function isSequence(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/**
 * Reads an EventBridge event (the object a rule target receives) into a typed `ConsumedEvent`.
 * A `detail` that has a `metadata` key must be a complete envelope; one without falls back to
 * EventBridge's `id` as idempotency key. Throws `MalformedEventError` naming the offending field.
 */
export function parseEventBridgeEvent<TData = unknown>(input: unknown, options: ParseEventOptions = {}): ConsumedEvent<TData> {
  if (!isObject(input)) throw new MalformedEventError('event', `must be a JSON object, got ${typeName(input)}`);
  const id = text(input, 'id', 'id');
  const source = text(input, 'source', 'source');
  const detailType = text(input, 'detail-type', 'detail-type');
  const time = optionalText(input, 'time', 'time') ?? '';
  const detail = input['detail'];
  if (!isObject(detail)) throw new MalformedEventError('detail', detail === undefined ? 'is missing' : `must be an object, got ${typeName(detail)}`);
  const resourcesValue = input['resources'] ?? [];
  if (!Array.isArray(resourcesValue) || !resourcesValue.every((r) => typeof r === 'string')) {
    throw new MalformedEventError('resources', 'must be an array of strings');
  }
  let metadata: EventMetadata | undefined;
  if ('metadata' in detail) {
    metadata = parseMetadata(detail['metadata']);
    if (!('data' in detail)) throw new MalformedEventError('detail.data', 'is missing');
  } else if (options.requireEnvelope === true) {
    throw new MalformedEventError('detail.metadata', 'is missing (this consumer requires the event envelope)');
  }
  const event: ConsumedEvent<TData> = {
    id,
    source,
    detailType,
    time,
    ...(typeof input['account'] === 'string' ? { account: input['account'] } : {}),
    ...(typeof input['region'] === 'string' ? { region: input['region'] } : {}),
    resources: resourcesValue as string[],
    detail,
    metadata,
    data: (metadata === undefined ? detail : detail['data']) as TData,
    idempotencyKey: metadata?.eventId ?? id,
    idempotencyKeySource: metadata === undefined ? 'eventbridge-id' : 'envelope',
    correlationId: metadata?.correlationId,
    ...(metadata?.sequence === undefined ? {} : { sequence: metadata.sequence }),
    ...(typeof input['replay-name'] === 'string' && input['replay-name'] !== '' ? { replayName: input['replay-name'] } : {}),
  };
  if (options.validator !== undefined) validateConsumedEvent(event, options.validator);
  return event;
}

/**
 * Runs a schema validator over a parsed event; its error becomes `EventRejectedByValidatorError`.
 * Consumers that must know an event's entity and sequence even when its data is invalid parse
 * without a validator, then call this.
 */
export function validateConsumedEvent(event: ConsumedEvent, validator: EventValidator): void {
  try {
    validator.validate({ source: event.source, detailType: event.detailType, detail: event.detail });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EventRejectedByValidatorError(`Event ${event.idempotencyKey} (${event.source} / ${event.detailType}) failed schema validation: ${reason}`, {
      cause: error,
    });
  }
}

/** Parses an SQS message body holding an EventBridge event; a body that is not JSON fails on field `body`. */
export function parseSqsMessageBody<TData = unknown>(body: string, options: ParseEventOptions = {}): ConsumedEvent<TData> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new MalformedEventError('body', `is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return parseEventBridgeEvent<TData>(parsed, options);
}
