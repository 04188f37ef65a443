export { createEvent, newEventId } from './builder';
export type { CreateEventInput } from './builder';
export { isSequence, parseEventBridgeEvent, parseSqsMessageBody, validateConsumedEvent } from './parser';
export type { ParseEventOptions } from './parser';
export { REPROCESS_PREFIX, isReprocessReplay, replayScopedKey } from './replay';
export { EnvelopeError, EventRejectedByValidatorError, InvalidEventInputError, MalformedEventError } from './errors';
export type { ConsumedEvent, EventDetail, EventMetadata, PublishableEvent } from './types';
export type { EventValidator, ValidatableEvent } from './validator';
