export { SchemaRegistry, defaultSchemaRegistry } from './schema-registry';
export { createPublishValidator, installDefaultPublishValidator } from './event-validators';
export { createConsumerValidator } from './consumer-validator';
export type { ConsumerValidatorOptions } from './consumer-validator';
export type { CompiledEventReader, CompiledValidateFunction, EventVersionIdentity } from './compiled-validator';
export { createRegisteredEvent } from './registered-event';
export type { CreateRegisteredEventInput, EventData } from './registered-event';
export { compareEventVersions, formatEventVersion, parseEventVersion } from './event-version';
export type { EventVersion } from './event-version';
export {
  EventSchemaError,
  EventValidationError,
  InvalidConsumerReadsError,
  InvalidEventVersionError,
  UnknownEventSchemaError,
  UnreadEventTypeError,
  UnsupportedMajorVersionError,
} from './errors';
export type { SchemaViolation } from './errors';
export type { CompiledEventSchema, RegisteredEventSchema, SchemaDocumentJson } from './registered-schema';
export { EVENT_ROUTING } from './generated/event-types';
export type * from './generated/event-types';
export { asRegisteredEvent } from './registered-consumed-event';
export type { RegisteredConsumedEvent } from './registered-consumed-event';
// The compiled validators of this repository's schemas/ (example-app data): a consumer imports the readers it reads.
export {
  orderPaidV1Reader,
  orderPlacedV1Reader,
  orderPlacedV1_1Reader,
  orderShippedV1Reader,
} from './generated/compiled-validators';
