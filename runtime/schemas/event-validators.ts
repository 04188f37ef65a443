import type { EventValidator, ValidatableEvent } from '../envelope/index';
import { setDefaultEventValidator } from '../publisher/index';
import { EventValidationError } from './errors';
import type { RegisteredEventType, RegisteredEventVersion } from './generated/event-types';
import { defaultSchemaRegistry, type SchemaRegistry } from './schema-registry';

/** Which version of each event type a consumer reads; types left out are read with the newest minor of the event's major. */
export type ReaderVersions = { readonly [T in RegisteredEventType]?: RegisteredEventVersion<T> } & Readonly<Record<string, string>>;

/** Options of `createConsumerValidator`. */
export interface ConsumerValidatorOptions {
  /** The schema version this consumer was written against, per event type. @default newest minor of the event's major */
  readonly reads?: ReaderVersions;
  /** @default defaultSchemaRegistry() */
  readonly registry?: SchemaRegistry;
}

/**
 * The validator `publish()` runs before any PutEvents call: the envelope metadata must match
 * schemas/envelope/metadata.json, the event type and version must be registered, `source` and
 * `detail-type` must be the ones registered for it, and `data` must match that exact version
 * with no undeclared field. Throws EventValidationError / UnknownEventSchemaError.
 */
export function createPublishValidator(registry: SchemaRegistry = defaultSchemaRegistry()): EventValidator {
  return {
    validate(event: ValidatableEvent): void {
      const { metadata, data } = envelopeOf(event, 'publish');
      registry.validateMetadata(metadata, 'publish');
      const { eventType, eventVersion } = metadata as { eventType: string; eventVersion: string };
      const registered = registry.validateForPublish(eventType, eventVersion, data);
      checkRouting(event, registered.source, registered.detailType, eventType, eventVersion, 'publish');
    },
  };
}

/**
 * The validator for the envelope parser (`parse: { validator }` of a consumer): an event of the
 * major version the consumer reads parses (a newer minor's extra fields are kept in `data`
 * untouched); another major throws UnsupportedMajorVersionError, so the message fails, is
 * retried and lands in the consumer's DLQ instead of being half-processed.
 */
export function createConsumerValidator(options: ConsumerValidatorOptions = {}): EventValidator {
  const registry = options.registry ?? defaultSchemaRegistry();
  const reads: Readonly<Record<string, string>> = options.reads ?? {};
  for (const [eventType, version] of Object.entries(reads)) registry.get(eventType, version);
  return {
    validate(event: ValidatableEvent): void {
      const { metadata, data } = envelopeOf(event, 'consume');
      registry.validateMetadata(metadata, 'consume');
      const { eventType, eventVersion } = metadata as { eventType: string; eventVersion: string };
      const reader = registry.validateForConsume(eventType, eventVersion, data, reads[eventType]);
      checkRouting(event, reader.source, reader.detailType, eventType, eventVersion, 'consume');
    },
  };
}

/** Makes `publish()` validate against the generated registry whenever a call names no validator (opt out per call with `skipValidation: true`). */
export function installDefaultPublishValidator(registry: SchemaRegistry = defaultSchemaRegistry()): EventValidator {
  const validator = createPublishValidator(registry);
  setDefaultEventValidator(validator);
  return validator;
}

function envelopeOf(event: ValidatableEvent, phase: 'publish' | 'consume'): { metadata: unknown; data: unknown } {
  const detail = event.detail;
  if (detail === null || typeof detail !== 'object' || !('metadata' in detail)) {
    throw new EventValidationError(
      `${event.source} / ${event.detailType}`,
      '?',
      [{ field: 'detail.metadata', rule: 'required', message: 'is missing: schema-checked events use the envelope { metadata, data }' }],
      phase,
    );
  }
  const envelope = detail as { metadata: unknown; data?: unknown };
  return { metadata: envelope.metadata, data: envelope.data };
}

function checkRouting(event: ValidatableEvent, source: string, detailType: string, eventType: string, eventVersion: string, phase: 'publish' | 'consume'): void {
  const violations = [
    ...(event.source === source ? [] : [{ field: 'source', rule: 'registered-source', message: `is ${JSON.stringify(event.source)} but ${eventType} is registered under ${JSON.stringify(source)}` }]),
    ...(event.detailType === detailType ? [] : [{ field: 'detail-type', rule: 'registered-detail-type', message: `is ${JSON.stringify(event.detailType)} but ${eventType} is registered as ${JSON.stringify(detailType)}` }]),
  ];
  if (violations.length > 0) throw new EventValidationError(eventType, eventVersion, violations, phase);
}
