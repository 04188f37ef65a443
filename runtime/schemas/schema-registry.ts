import type { ValidateFunction } from 'ajv';
import { createDraft04Ajv } from './create-ajv';
import { EventValidationError, UnknownEventSchemaError, UnsupportedMajorVersionError } from './errors';
import { compareEventVersions, parseEventVersion } from './event-version';
import { EVENT_SCHEMAS, METADATA_SCHEMA } from './generated/registry';
import type { RegisteredEventSchema, SchemaDocumentJson } from './registered-schema';
import { toStrictWriterSchema } from './strict-writer';
import { toViolations } from './violations';

/**
 * The event schemas compiled into this bundle (generated from `schemas/`), with validation for
 * producers (exact version, undeclared fields refused) and consumers (the version they read;
 * newer minors accepted, other majors refused). Validators compile lazily, once per version.
 */
export class SchemaRegistry {
  private readonly byType = new Map<string, RegisteredEventSchema[]>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly ajv = createDraft04Ajv();

  constructor(
    schemas: readonly RegisteredEventSchema[] = EVENT_SCHEMAS,
    private readonly metadataSchema: SchemaDocumentJson = METADATA_SCHEMA,
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
  get(eventType: string, eventVersion: string): RegisteredEventSchema {
    const list = this.byType.get(eventType) ?? [];
    const version = parseEventVersion(eventVersion, `${eventType} eventVersion`).text;
    const found = list.find((s) => s.eventVersion === version);
    if (!found) throw new UnknownEventSchemaError(eventType, eventVersion, list.map((s) => s.eventVersion));
    return found;
  }

  /** Checks envelope metadata against schemas/envelope/metadata.json; throws EventValidationError. */
  validateMetadata(metadata: unknown, phase: 'publish' | 'consume'): void {
    const validate = this.compile('metadata', this.metadataSchema);
    if (!validate(metadata)) {
      const m = (metadata ?? {}) as Record<string, unknown>;
      throw new EventValidationError(String(m.eventType ?? '(unknown type)'), String(m.eventVersion ?? '?'), toViolations(validate.errors, 'metadata'), phase);
    }
  }

  /**
   * Producer check: `data` must match the exact registered version, and may carry no field that
   * version does not declare. Throws UnknownEventSchemaError or EventValidationError.
   */
  validateForPublish(eventType: string, eventVersion: string, data: unknown): RegisteredEventSchema {
    const registered = this.get(eventType, eventVersion);
    const key = `publish:${eventType}@${registered.eventVersion}`;
    const validate = this.compiled.get(key) ?? this.compile(key, toStrictWriterSchema(registered.schema));
    if (!validate(data)) throw new EventValidationError(eventType, registered.eventVersion, toViolations(validate.errors, 'data'), 'publish');
    return registered;
  }

  /**
   * Consumer check: reads `data` with `readerVersion` (default: the newest registered version of
   * the event's major). An event of the same major parses, whatever its minor: fields the reader
   * does not declare are kept in `data`, not validated. Another major throws
   * UnsupportedMajorVersionError; data the reader's schema refuses throws EventValidationError.
   */
  validateForConsume(eventType: string, eventVersion: string, data: unknown, readerVersion?: string): RegisteredEventSchema {
    const written = parseEventVersion(eventVersion, `${eventType} eventVersion`);
    const reader = readerVersion === undefined ? this.newestOfMajor(eventType, written.major, eventVersion) : this.get(eventType, readerVersion);
    if (parseEventVersion(reader.eventVersion).major !== written.major) {
      throw new UnsupportedMajorVersionError(eventType, written.text, reader.eventVersion);
    }
    const key = `consume:${eventType}@${reader.eventVersion}`;
    const validate = this.compiled.get(key) ?? this.compile(key, reader.schema);
    if (!validate(data)) throw new EventValidationError(eventType, written.text, toViolations(validate.errors, 'data'), 'consume');
    return reader;
  }

  private newestOfMajor(eventType: string, major: number, eventVersion: string): RegisteredEventSchema {
    const list = this.byType.get(eventType) ?? [];
    if (list.length === 0) throw new UnknownEventSchemaError(eventType, eventVersion, []);
    const sameMajor = list.filter((s) => parseEventVersion(s.eventVersion).major === major);
    if (sameMajor.length === 0) throw new UnsupportedMajorVersionError(eventType, eventVersion, list.at(-1)!.eventVersion);
    return sameMajor.at(-1)!;
  }

  private compile(key: string, schema: SchemaDocumentJson): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

let shared: SchemaRegistry | undefined;

/** The registry of this bundle's generated schemas, created on first use (compiling is lazy too). */
export function defaultSchemaRegistry(): SchemaRegistry {
  shared ??= new SchemaRegistry();
  return shared;
}
