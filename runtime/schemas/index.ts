export { SchemaRegistry, defaultSchemaRegistry } from './schema-registry';
export { createConsumerValidator, createPublishValidator, installDefaultPublishValidator } from './event-validators';
export type { ConsumerValidatorOptions, ReaderVersions } from './event-validators';
export { createRegisteredEvent } from './registered-event';
export type { CreateRegisteredEventInput, EventData } from './registered-event';
export { compareEventVersions, formatEventVersion, parseEventVersion } from './event-version';
export type { EventVersion } from './event-version';
export {
  EventSchemaError,
  EventValidationError,
  InvalidEventVersionError,
  UnknownEventSchemaError,
  UnsupportedMajorVersionError,
} from './errors';
export type { SchemaViolation } from './errors';
export type { RegisteredEventSchema, SchemaDocumentJson } from './registered-schema';
export { EVENT_ROUTING } from './generated/event-types';
export type * from './generated/event-types';
export { asRegisteredEvent } from './registered-consumed-event';
export type { RegisteredConsumedEvent } from './registered-consumed-event';
