import { EventTooLargeError } from './errors';
import type { SizedEntry } from './entry';

/** SQS's largest message (body plus attributes), the MaximumMessageSize every router queue sets. */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;
/**
 * Room kept in every queue message for attributes added on the way: the router's parking
 * attributes (`ErrorType`, `ErrorMessage` up to 1024 characters = 4096 UTF-8 bytes, `ParkedAt`,
 * `ParkedBy`, `EventId`) and the ones EventBridge adds when it sends to a rule-target DLQ.
 */
export const PARKING_RESERVE_BYTES = 8_192;
/**
 * Largest delivered event (EventBridge's JSON envelope with its detail) that fits every queue on a
 * consumer's path, its dead-letter queues included, with its parking attributes.
 */
export const MAX_DELIVERED_EVENT_BYTES = SQS_MAX_MESSAGE_BYTES - PARKING_RESERVE_BYTES;

/** What EventBridge fills in; lengths only matter, so the defaults are the longest real values. */
export interface DeliveryContext {
  /** @default a 20-character region (longer than any AWS region code) */
  readonly region?: string;
  /** @default a 12-digit account id */
  readonly account?: string;
}

function detailJson(detail: unknown): string {
  if (typeof detail !== 'string') return JSON.stringify(detail ?? {});
  // EventBridge re-serializes the detail; count whichever form is longer, never the shorter.
  try {
    const compact = JSON.stringify(JSON.parse(detail));
    return Buffer.byteLength(compact, 'utf8') > Buffer.byteLength(detail, 'utf8') ? compact : detail;
  } catch {
    return detail;
  }
}

/**
 * Bytes of the event EventBridge delivers to a queue for this PutEvents entry: its JSON envelope
 * (`version`, `id`, `detail-type`, `source`, `account`, `time`, `region`, `resources`, `detail`),
 * which is the SQS message body the buffer queue, the consumer queue and their DLQs must hold.
 */
export function deliveredEventSize(entry: SizedEntry, context: DeliveryContext = {}): number {
  const envelope = {
    version: '0',
    id: '00000000-0000-0000-0000-000000000000',
    'detail-type': typeof entry.DetailType === 'string' ? entry.DetailType : '',
    source: typeof entry.Source === 'string' ? entry.Source : '',
    account: context.account ?? '000000000000',
    time: '2026-01-01T00:00:00Z',
    region: context.region ?? 'x'.repeat(20),
    resources: Array.isArray(entry.Resources) ? entry.Resources.filter((r): r is string => typeof r === 'string') : [],
    detail: 0,
  };
  const withoutDetail = Buffer.byteLength(JSON.stringify(envelope), 'utf8') - 1; // minus the placeholder `0`
  return withoutDetail + Buffer.byteLength(detailJson(entry.Detail), 'utf8');
}

/**
 * Refuses an event whose delivered form would not fit the smallest queue on a consumer's path.
 * Producers (publish(), the outbox) call it before PutEvents, so an oversize event fails at
 * publish time with its size and the limit instead of being accepted and dropped by every target.
 * @returns the delivered size in bytes
 * @throws EventTooLargeError naming the size, the limit and what to do
 */
export function assertDeliverableSize(entry: SizedEntry, limit: number = MAX_DELIVERED_EVENT_BYTES, context?: DeliveryContext): number {
  const size = deliveredEventSize(entry, context);
  if (size > limit) throw new EventTooLargeError(size, limit);
  return size;
}
