import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { PublishableEvent } from '../envelope/index';
import { deliveredEventSize } from './delivered-size';
import { EventTooLargeError } from './errors';

/** PutEvents' per-entry size limit since 2026-01-29. */
export const DEFAULT_MAX_ENTRY_BYTES = 1_048_576;
/** PutEvents' per-entry size limit before 2026-01-29 (256 KiB). */
export const LEGACY_MAX_ENTRY_BYTES = 262_144;

/** The fields of a PutEvents entry that count towards its size; loosely typed, as a server receives them. */
export interface SizedEntry {
  readonly Time?: unknown;
  readonly Source?: unknown;
  readonly DetailType?: unknown;
  readonly Detail?: unknown;
  readonly Resources?: unknown;
}

/** At most this many entries per PutEvents call. */
export const MAX_ENTRIES_PER_CALL = 10;

const utf8 = (value: unknown): number => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);

/**
 * Size of a PutEvents entry the way AWS computes it: 14 bytes for `Time` when present, plus the
 * UTF-8 bytes of `Source`, `DetailType`, `Detail` and each of `Resources`.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export function entrySize(entry: SizedEntry | PutEventsRequestEntry): number {
  let size = entry.Time === undefined || entry.Time === null ? 0 : 14;
  size += utf8(entry.Source) + utf8(entry.DetailType) + utf8(entry.Detail);
  if (Array.isArray(entry.Resources)) for (const resource of entry.Resources) size += utf8(resource);
  return size;
}

/** A checked event turned into a PutEvents entry. */
export interface PreparedEntry {
  readonly entry: PutEventsRequestEntry;
  readonly size: number;
  readonly eventId: string | undefined;
  readonly detail: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The envelope's eventId of a parsed detail, if it has one. */
export function eventIdOf(detail: unknown): string | undefined {
  if (!isObject(detail) || !isObject(detail['metadata'])) return undefined;
  const id = detail['metadata']['eventId'];
  return typeof id === 'string' ? id : undefined;
}

/** Turns an event into a PutEvents entry or returns why it cannot be one. Never throws. */
export function prepareEntry(
  event: PublishableEvent,
  eventBusName: string,
  maxEntryBytes: number,
  maxDeliveredBytes: number = Number.POSITIVE_INFINITY,
): PreparedEntry | string {
  if (!isObject(event)) return 'is not an object';
  if (typeof event.source !== 'string' || event.source.length === 0) return 'source must be a non-empty string';
  if (typeof event.detailType !== 'string' || event.detailType.length === 0) return 'detailType must be a non-empty string';
  let detail: unknown = event.detail;
  let detailJson: string;
  if (typeof detail === 'string') {
    detailJson = detail;
    try {
      detail = JSON.parse(detail);
    } catch {
      return 'detail is a string that is not valid JSON (EventBridge requires a JSON object)';
    }
  } else {
    try {
      detailJson = JSON.stringify(detail);
    } catch (error) {
      return `detail cannot be serialized to JSON (${(error as Error).message})`;
    }
  }
  if (!isObject(detail)) return 'detail must be a JSON object (EventBridge rejects arrays, strings, numbers and null)';
  const resources = event.resources ?? [];
  if (!Array.isArray(resources) || !resources.every((r) => typeof r === 'string')) return 'resources must be an array of strings';
  let time = event.time;
  if (time === undefined) {
    const occurredAt = isObject(detail['metadata']) ? detail['metadata']['occurredAt'] : undefined;
    if (typeof occurredAt === 'string' && !Number.isNaN(Date.parse(occurredAt))) time = new Date(occurredAt);
  }
  if (time !== undefined && (!(time instanceof Date) || Number.isNaN(time.getTime()))) return 'time must be a valid Date';
  const entry: PutEventsRequestEntry = {
    EventBusName: eventBusName,
    Source: event.source,
    DetailType: event.detailType,
    Detail: detailJson,
    ...(resources.length > 0 ? { Resources: [...resources] } : {}),
    ...(time === undefined ? {} : { Time: time }),
  };
  const size = entrySize(entry);
  if (size > maxEntryBytes) {
    return (
      `entry is ${size} bytes, over the ${maxEntryBytes}-byte PutEvents entry limit ` +
      '(Time 14 + UTF-8 bytes of Source, DetailType, Detail, Resources); publish a reference to the payload instead of the payload'
    );
  }
  const delivered = deliveredEventSize(entry);
  if (delivered > maxDeliveredBytes) return new EventTooLargeError(delivered, maxDeliveredBytes).message;
  return { entry, size, eventId: eventIdOf(detail), detail };
}
