import { MalformedEventError, isReprocessReplay, replayScopedKey } from '../envelope/index';
import { GroupKeyMissingError } from './errors';
import type { ForwardingConfig } from './forwarding-config';
import { valueAtPath } from './group-key-path';
import { toSqsId } from './sqs-ids';

/** What to do about a buffered message that is no EventBridge event: it did not come from the consumer's rule. */
const ONLY_THE_RULE = '; only the consumer rule should send to the buffer queue, inspect the message in its dead-letter queue';

/** The SQS message one buffered EventBridge event becomes on the consumer queue. */
export interface ForwardedMessage {
  /** The buffered record's body, unchanged: the consumer sees the EventBridge event. */
  readonly body: string;
  readonly messageGroupId: string;
  readonly messageDeduplicationId: string;
}

/**
 * Derives the consumer-queue message for one buffered event: the group from the
 * configured key path (else the event's own deduplication id, so an unordered consumer's
 * events never wait for one another), the deduplication id from the
 * producer's `detail.metadata.eventId` (else EventBridge's `id`, which changes when
 * PutEvents is retried, so it is only a fallback). A copy delivered by a reprocess replay
 * (`replay-name` starting with `reprocess-`) is deduplicated by `<eventId>#<replay-name>`
 * instead: with the plain eventId the FIFO queue would drop it for 5 minutes after the event's
 * first delivery, and the consumer would never see the replay.
 * @throws MalformedEventError (the envelope's) when the body is not an EventBridge event.
 * @throws GroupKeyMissingError when the event has no string or number at the key path.
 */
export function toForwardedMessage(messageId: string, body: string, config: ForwardingConfig): ForwardedMessage {
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch (error) {
    throw new MalformedEventError('body', `is not valid JSON (${(error as Error).message})${ONLY_THE_RULE}`, { cause: error, messageId });
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new MalformedEventError('event', `must be a JSON object${ONLY_THE_RULE}`, { messageId });
  }
  const eventId = eventIdOf(event as Record<string, unknown>);
  if (eventId === undefined) {
    throw new MalformedEventError('id', `is missing, and so is detail.metadata.eventId: the event has no id to deduplicate by${ONLY_THE_RULE}`, { messageId });
  }
  const replayName = (event as Record<string, unknown>)['replay-name'];
  const messageDeduplicationId = toSqsId(
    typeof replayName === 'string' && isReprocessReplay(replayName) ? replayScopedKey(eventId, replayName) : eventId,
  );
  return {
    body,
    // An unordered consumer's reprocessed copy gets a group of its own too (its dedup id), never the live event's.
    messageGroupId: groupIdOf(messageId, eventId, event, config) ?? messageDeduplicationId,
    messageDeduplicationId,
  };
}

function eventIdOf(event: Record<string, unknown>): string | undefined {
  const producerId = valueAtPath(event, ['detail', 'metadata', 'eventId']);
  if (typeof producerId === 'string' && producerId.length > 0) return producerId;
  return typeof event.id === 'string' && event.id.length > 0 ? event.id : undefined;
}

/** The entity's group, or undefined for an unordered consumer. */
function groupIdOf(messageId: string, eventId: string, event: unknown, config: ForwardingConfig): string | undefined {
  if (config.groupKeyPath === undefined) return undefined;
  const value = valueAtPath(event, config.groupKeyPath);
  const usable = (typeof value === 'string' && value.length > 0) || (typeof value === 'number' && Number.isFinite(value));
  if (!usable) {
    throw new GroupKeyMissingError(messageId, eventId, config.groupKeyPathText ?? config.groupKeyPath.join('.'), value);
  }
  return toSqsId(String(value));
}
