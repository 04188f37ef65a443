export { SchemaRegistry } from './schema-registry';
export { validateEnvelopeMetadata } from './envelope-metadata-validator';
export { COMPILED_FORMAT_EXPORTS, dateFormat, dateTimeFormat, timeFormat, ucs2length } from './standalone-helpers';
export type { CompiledFormat } from './standalone-helpers';
export { createPublishValidator, installDefaultPublishValidator } from './event-validators';
export { createConsumerValidator } from './consumer-validator';
export type { ConsumerValidatorOptions } from './consumer-validator';
export type { CompiledEventReader, CompiledValidateFunction, EventVersionIdentity } from './compiled-validator';
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
export { DRAFT_04_URI, eventBridgeSchemaName, toEventBridgeEventSchema } from './event-bridge-schema';
