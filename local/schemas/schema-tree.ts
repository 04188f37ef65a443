import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compareEventVersions, DRAFT_04_URI, parseEventVersion, type EventVersion, type RegisteredEventSchema, type SchemaDocumentJson } from '../../runtime/schemas/index';
import { createDraft04Ajv } from './create-ajv';
import { DEFAULT_COMPATIBILITY_MODE, parseCompatibilityMode, type CompatibilityMode } from './compatibility-mode';
import { InvalidSchemaFileError, SchemaToolingError } from './errors';
import type { JsonSchema } from './schema-document';

/** One `v<version>.json` file: the data schema of one event version. */
export interface EventSchemaVersion {
  /** Path relative to the tree's root, e.g. `orders-service/OrderPlaced/v1.1.json`. */
  readonly file: string;
  readonly version: EventVersion;
  readonly schema: JsonSchema;
}

/** All versions of one event: `schemas/<source>/<DetailType>/`. */
export interface EventSchemaFamily {
  readonly source: string;
  readonly detailType: string;
  /** `metadata.eventType` of these events, from `event.json`. */
  readonly eventType: string;
  /** Compatibility mode within a major version (event.json `compatibility`, default FULL_TRANSITIVE). */
  readonly compatibility: CompatibilityMode;
  /** Oldest first. */
  readonly versions: readonly EventSchemaVersion[];
}

/** Everything under `schemas/`: the envelope metadata schema and every event's versions. */
export interface SchemaTree {
  readonly root: string;
  readonly metadata: { readonly file: string; readonly schema: JsonSchema };
  /** Sorted by source, then detail-type. */
  readonly events: readonly EventSchemaFamily[];
}

/** The repository's schema folder. */
/** The app's schema folder: `schemas/` of the current directory (the app's root). */
export const DEFAULT_SCHEMA_ROOT = resolve('schemas');

const VERSION_FILE = /^v(\d[\d.]*)\.json$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Reads and validates the schema tree: every file must be JSON, a valid draft-04 schema that
 * compiles with ajv, and named `v<MAJOR>[.<MINOR>].json`; each event folder needs `event.json`
 * with its `eventType`. Throws InvalidSchemaFileError naming the file otherwise.
 */
export function loadSchemaTree(root: string = DEFAULT_SCHEMA_ROOT): SchemaTree {
  const metadataFile = join(root, 'envelope', 'metadata.json');
  const metadata = { file: relative(root, metadataFile), schema: loadSchemaFile(metadataFile, relative(root, metadataFile)) };
  const events: EventSchemaFamily[] = [];
  // generated/ holds the code `schema types` writes from these schemas, no schemas.
  for (const source of subdirectories(root).filter((d) => d !== 'envelope' && d !== 'generated')) {
    for (const detailType of subdirectories(join(root, source))) {
      events.push(loadFamily(root, source, detailType));
    }
  }
  const byEventType = new Map<string, EventSchemaFamily>();
  for (const family of events) {
    const clash = byEventType.get(family.eventType);
    if (clash) {
      throw new InvalidSchemaFileError(
        `${family.source}/${family.detailType}/event.json`,
        `eventType ${JSON.stringify(family.eventType)} is already used by ${clash.source}/${clash.detailType}; every event type needs its own name`,
      );
    }
    byEventType.set(family.eventType, family);
  }
  return { root, metadata, events };
}

/** Reads one schema file and checks it is a draft-04 schema ajv compiles; `label` names it in errors. */
export function loadSchemaFile(path: string, label: string = path): JsonSchema {
  const schema = readJson(path, label);
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new InvalidSchemaFileError(label, 'is not a JSON object, so it is not a JSON Schema');
  }
  const declared = (schema as JsonSchema).$schema;
  if (declared !== DRAFT_04_URI) {
    throw new InvalidSchemaFileError(
      label,
      `"$schema" is ${JSON.stringify(declared)}; set it to "${DRAFT_04_URI}" (the EventBridge Schema Registry type JSONSchemaDraft4)`,
    );
  }
  try {
    createDraft04Ajv().compile(schema);
  } catch (error) {
    throw new InvalidSchemaFileError(label, `is not a valid draft-04 schema: ${(error as Error).message}`, { cause: error });
  }
  return schema as JsonSchema;
}

function loadFamily(root: string, source: string, detailType: string): EventSchemaFamily {
  const dir = join(root, source, detailType);
  const where = `${source}/${detailType}`;
  for (const [name, what] of [[source, 'source'], [detailType, 'detail-type']] as const) {
    if (!NAME.test(name)) throw new InvalidSchemaFileError(where, `${what} folder ${JSON.stringify(name)} must match ${NAME}`);
  }
  const config = readJson(join(dir, 'event.json'), `${where}/event.json`) as Record<string, unknown>;
  if (typeof config?.eventType !== 'string' || !/^[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)+$/.test(config.eventType)) {
    throw new InvalidSchemaFileError(`${where}/event.json`, 'needs "eventType": a dotted lower-case name such as "order.placed"');
  }
  let compatibility = DEFAULT_COMPATIBILITY_MODE;
  if (config.compatibility !== undefined) {
    try {
      compatibility = parseCompatibilityMode(String(config.compatibility));
    } catch (error) {
      throw new InvalidSchemaFileError(`${where}/event.json`, (error as SchemaToolingError).message, { cause: error });
    }
  }
  const versions: EventSchemaVersion[] = [];
  for (const name of readdirSync(dir).filter((n) => n !== 'event.json').sort()) {
    const file = `${where}/${name}`;
    const match = VERSION_FILE.exec(name);
    if (!match) throw new InvalidSchemaFileError(file, 'is not a version file: name it v<MAJOR>.json or v<MAJOR>.<MINOR>.json (e.g. v1.json, v1.1.json)');
    let version: EventVersion;
    try {
      version = parseEventVersion(match[1]!, 'version');
    } catch (error) {
      throw new InvalidSchemaFileError(file, (error as Error).message, { cause: error });
    }
    if (version.text !== match[1]) {
      throw new InvalidSchemaFileError(file, `write the version as it appears in eventVersion: rename it to v${version.text}.json`);
    }
    versions.push({ file, version, schema: loadSchemaFile(join(dir, name), file) });
  }
  if (versions.length === 0) throw new InvalidSchemaFileError(where, 'has no version file; add v1.json');
  versions.sort((a, b) => compareEventVersions(a.version, b.version));
  return { source, detailType, eventType: config.eventType, compatibility, versions };
}

function readJson(path: string, label: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidSchemaFileError(label, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidSchemaFileError(label, `is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

function subdirectories(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
}

/** Every event version of the tree as the runtime registers it (identity and data schema). */
export function registeredSchemasOf(tree: SchemaTree): RegisteredEventSchema[] {
  return tree.events.flatMap((f) =>
    f.versions.map((v) => ({ source: f.source, detailType: f.detailType, eventType: f.eventType, eventVersion: v.version.text, schema: v.schema as SchemaDocumentJson })),
  );
}
