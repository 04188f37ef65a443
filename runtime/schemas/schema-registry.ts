import type { CompiledValidateFunction } from './compiled-validator';
import { checkMetadata } from './envelope-checks';
import { EventValidationError, UnknownEventSchemaError } from './errors';
import { compareEventVersions, parseEventVersion } from './event-version';
import { validateEnvelopeMetadata } from './envelope-metadata-validator';
import type { CompiledEventSchema } from './registered-schema';
import { toViolations } from './violations';

/**
 * An app's event schemas (generated from its `schemas/` by `event-router schema types`, validators
 * compiled at build time: `schemas/generated/registry.ts` exports one) for producers: `publish()`, the `publish` CLI and the local publish form check each event against
 * its exact version, undeclared fields refused. Consumers read with `createConsumerValidator`.
 */
export class SchemaRegistry {
  private readonly byType = new Map<string, CompiledEventSchema[]>();

  constructor(
    schemas: readonly CompiledEventSchema[],
    private readonly metadataValidator: CompiledValidateFunction = validateEnvelopeMetadata,
  ) {
    for (const s of schemas) {
      const list = this.byType.get(s.eventType) ?? [];
      list.push({ ...s, eventVersion: parseEventVersion(s.eventVersion, `${s.eventType} eventVersion`).text });
      list.sort((a, b) => compareEventVersions(parseEventVersion(a.eventVersion), parseEventVersion(b.eventVersion)));
      this.byType.set(s.eventType, list);
    }
  }

  /** Every registered event type. */
  eventTypes(): string[] {
    return [...this.byType.keys()].sort();
  }

  /** Registered versions of `eventType`, oldest first (empty when unknown). */
  versionsOf(eventType: string): string[] {
    return (this.byType.get(eventType) ?? []).map((s) => s.eventVersion);
  }

  /** The schema of exactly this version; throws UnknownEventSchemaError when it is not registered. */
  get(eventType: string, eventVersion: string): CompiledEventSchema {
    const list = this.byType.get(eventType) ?? [];
    const version = parseEventVersion(eventVersion, `${eventType} eventVersion`).text;
    const found = list.find((s) => s.eventVersion === version);
    if (!found) throw new UnknownEventSchemaError(eventType, eventVersion, list.map((s) => s.eventVersion));
    return found;
  }

  /** Checks envelope metadata against schemas/envelope/metadata.json; throws EventValidationError. */
  validateMetadata(metadata: unknown, phase: 'publish' | 'consume'): void {
    checkMetadata(this.metadataValidator, metadata, phase);
  }

  /**
   * Producer check: `data` must match the exact registered version, and may carry no field that
   * version does not declare. Throws UnknownEventSchemaError or EventValidationError.
   */
  validateForPublish(eventType: string, eventVersion: string, data: unknown): CompiledEventSchema {
    const registered = this.get(eventType, eventVersion);
    const validate = registered.validatePublish;
    if (!validate(data)) throw new EventValidationError(eventType, registered.eventVersion, toViolations(validate.errors, 'data'), 'publish');
    return registered;
  }
}
