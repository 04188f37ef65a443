import type { EventValidator, ValidatableEvent } from '../envelope/index';
import { setDefaultEventValidator } from '../publisher/index';
import { checkRouting, envelopeOf } from './envelope-checks';
import type { SchemaRegistry } from './schema-registry';

/**
 * The validator `publish()` runs before any PutEvents call: the envelope metadata must match
 * schemas/envelope/metadata.json, the event type and version must be registered, `source` and
 * `detail-type` must be the ones registered for it, and `data` must match that exact version
 * with no undeclared field. Throws EventValidationError / UnknownEventSchemaError.
 */
export function createPublishValidator(registry: SchemaRegistry): EventValidator {
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

/** Makes `publish()` validate against the app's registry whenever a call names no validator (opt out per call with `skipValidation: true`). */
export function installDefaultPublishValidator(registry: SchemaRegistry): EventValidator {
  const validator = createPublishValidator(registry);
  setDefaultEventValidator(validator);
  return validator;
}
