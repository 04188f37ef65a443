import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { matchesPattern } from '../local/eventbridge';
import type { SchemaRegistry } from '../runtime/schemas';

/** Top-level fields of every event EventBridge delivers. */
const EVENT_FIELDS = ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail'];
/** The router's envelope: `detail` = `{ metadata, data }`. */
const DETAIL_SECTIONS = ['metadata', 'data'];

type Schema = { readonly [keyword: string]: unknown };

/**
 * Why `segments` (a parsed ordering-key path such as `detail.data.orderId`) cannot name a value
 * in the events `pattern` selects, or undefined when it can or cannot be checked. The path is
 * checked against EventBridge's event fields, the router's envelope, and, where a schema is
 * registered for a matched source and detail-type, every registered version of its data.
 */
export function orderingKeyProblem(segments: readonly string[], pattern: EventPattern, registry: SchemaRegistry): string | undefined {
  const [top, section, ...dataPath] = segments;
  if (top === undefined || !EVENT_FIELDS.includes(top)) {
    return `EventBridge events have no top-level field ${JSON.stringify(top)} (they have ${EVENT_FIELDS.join(', ')})`;
  }
  if (top !== 'detail') {
    return segments.length > 1 ? `"${top}" is not an object, so "${segments.slice(1).join('.')}" cannot be read from it` : undefined;
  }
  if (section === undefined) return 'it names the whole detail object; name one field in it, e.g. "$.detail.data.orderId"';
  if (!DETAIL_SECTIONS.includes(section)) {
    return `the router's envelope has no detail.${section} (detail holds ${DETAIL_SECTIONS.join(' and ')})`;
  }
  if (section !== 'data' || dataPath.length === 0) return section === 'data' ? 'it names the whole data object; name one field in it' : undefined;

  const failures: string[] = [];
  for (const registered of matchedSchemas(pattern, registry)) {
    const missing = missingStep(registered.schema, dataPath);
    if (missing !== undefined) failures.push(`${registered.source} ${registered.detailType} v${registered.eventVersion} ${missing}`);
  }
  return failures.length === 0 ? undefined : `the registered schemas do not declare it: ${failures.join('; ')}`;
}

/** Every registered schema version whose source and detail-type the pattern's routing fields match. */
function matchedSchemas(pattern: EventPattern, registry: SchemaRegistry) {
  const routing: Record<string, unknown> = {};
  if (pattern.source !== undefined) routing.source = pattern.source;
  if (pattern.detailType !== undefined) routing['detail-type'] = pattern.detailType;
  const all = registry.eventTypes().flatMap((type) => registry.versionsOf(type).map((version) => registry.get(type, version)));
  if (Object.keys(routing).length === 0) return all;
  return all.filter((s) => {
      try {
        return matchesPattern(routing, { source: s.source, 'detail-type': s.detailType, detail: {} });
      } catch {
        return false; // an invalid pattern is reported by the pattern check itself
      }
    });
}

/** Where `path` leaves what `root` declares ("data has no \"orderID\" (it declares ...)"), or undefined. */
function missingStep(root: Schema, path: readonly string[]): string | undefined {
  let node: Schema | undefined = root;
  let where = 'data';
  for (const name of path) {
    const declared = declaredProperties(root, node);
    // A schema that declares no properties at all is free-form: nothing to check against.
    if (declared === undefined) return undefined;
    const next = declared.get(name);
    if (next === undefined) {
      return `has no ${where}.${name} (${where} declares ${[...declared.keys()].join(', ') || 'nothing'})`;
    }
    node = next;
    where = `${where}.${name}`;
  }
  return undefined;
}

/** Properties a schema node declares, through local $refs and allOf/anyOf/oneOf; undefined when none. */
function declaredProperties(root: Schema, node: Schema | undefined, depth = 0): Map<string, Schema> | undefined {
  if (node === undefined || depth > 32) return undefined;
  const resolved = resolveRef(root, node);
  let found: Map<string, Schema> | undefined;
  const add = (entries: Map<string, Schema> | undefined) => {
    if (entries === undefined) return;
    found ??= new Map();
    for (const [key, value] of entries) found.set(key, value);
  };
  const properties = resolved.properties;
  if (properties !== null && typeof properties === 'object') add(new Map(Object.entries(properties as Record<string, Schema>)));
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const branches = resolved[keyword];
    if (Array.isArray(branches)) for (const branch of branches) add(declaredProperties(root, branch as Schema, depth + 1));
  }
  return found;
}

function resolveRef(root: Schema, node: Schema): Schema {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[part];
  return target !== null && typeof target === 'object' ? (target as Schema) : node;
}
