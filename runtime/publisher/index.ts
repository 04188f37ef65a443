export { publish } from './publish';
export type { PublishOptions, PublishOutcome, PutEventsSender } from './publish';
export { DEFAULT_MAX_ENTRY_BYTES, LEGACY_MAX_ENTRY_BYTES, MAX_ENTRIES_PER_CALL, entrySize } from './entry';
export type { SizedEntry } from './entry';
export { RETRYABLE_ENTRY_CODES } from './retry-policy';
export { getDefaultEventValidator, setDefaultEventValidator } from './validator';
// The validator contract belongs to the envelope layer (the parser runs it too); re-exported for callers of the publisher.
export type { EventValidator, ValidatableEvent } from '../envelope/index';
export {
  MAX_DELIVERED_EVENT_BYTES,
  PARKING_RESERVE_BYTES,
  SQS_MAX_MESSAGE_BYTES,
  assertDeliverableSize,
  deliveredEventSize,
} from './delivered-size';
export type { DeliveryContext } from './delivered-size';
export { validatePublishOptions } from './publish-options';
export { EventTooLargeError, EventsRejectedError, InvalidPublishOptionError, PublishError, PublishFailedError } from './errors';
export type { FailedEvent, PublishedEvent, RejectedEvent } from './errors';
export { eventIdOf } from './entry';
export { prepareEntry } from './entry';
