import { escapePointerToken, jsonEqual, type JsonSchema, type SchemaDocument } from './schema-document';

/** What kind of change makes the reader refuse something the writer may produce. */
export type GapKind =
  | 'type-narrowed'
  | 'nullability-removed'
  | 'enum-narrowed'
  | 'enum-added'
  | 'required-property-added'
  | 'property-became-required'
  | 'property-type-open-to-closed'
  | 'property-removed-from-closed-model'
  | 'content-model-closed'
  | 'constraint-tightened'
  | 'pattern-changed'
  | 'format-changed'
  | 'items-unique-required'
  | 'union-branch-missing'
  | 'unsupported-keyword-changed'
  | 'too-complex';

/** One reason why data written with the writer schema may be refused by the reader schema. */
export interface ReadabilityGap {
  readonly kind: GapKind;
  /** JSON pointer of the location in the schema (`/properties/lines/items/properties/sku`). */
  readonly pointer: string;
  /** Dotted path of the affected value in the event's data (`data.lines[].sku`). */
  readonly field: string;
  /** What changed, in words, naming both schemas. */
  readonly message: string;
}

// Keywords this checker reasons about, or annotations that never change what validates.
const UNDERSTOOD = new Set([
  '$schema', 'id', '$id', 'title', 'description', 'default', 'examples', 'definitions', '$ref',
  'type', 'enum', 'properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties',
  'items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems',
  'minLength', 'maxLength', 'pattern', 'format',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'anyOf', 'oneOf', 'allOf',
]);

interface Walk {
  readonly writer: SchemaDocument;
  readonly reader: SchemaDocument;
  readonly gaps: ReadabilityGap[];
  /** Pairs (writer node, reader node) already on the stack: recursive `$ref`s terminate. */
  readonly active: Map<JsonSchema, Set<JsonSchema>>;
  /** `$ref` pairs (writer ref | reader ref) on the stack: recursion through references terminates however nodes were merged. */
  readonly activeRefs: Set<string>;
  /** Nesting depth, a backstop for recursion the pair check cannot see (merged union branches build new nodes). */
  depth: number;
  /** Node comparisons so far, shared by union trials: nested unions multiply them, so a check has a budget instead of hanging. */
  readonly budget: { steps: number };
}

const MAX_DEPTH = 64;
/** Comparisons one check may make; past it the schemas are reported as not provably compatible. */
const MAX_STEPS = 200_000;

/**
 * Lists why data valid under `writer` might be refused by `reader` (empty: every value the
 * writer can produce, the reader accepts). Conservative: what cannot be proven readable is a gap.
 *
 * Open content model: a property the writer schema does not declare is treated as never
 * written, because the publisher refuses undeclared properties (producers are strict). An
 * explicit `additionalProperties: true` or schema on the writer opts out and is checked.
 */
export function findReadabilityGaps(writer: SchemaDocument, reader: SchemaDocument): ReadabilityGap[] {
  const walk: Walk = { writer, reader, gaps: [], active: new Map(), activeRefs: new Set(), depth: 0, budget: { steps: 0 } };
  compare(walk, writer.root, reader.root, '', 'data');
  return walk.gaps;
}

function compare(walk: Walk, writerNode: JsonSchema, readerNode: JsonSchema, pointer: string, field: string): void {
  walk.budget.steps += 1;
  if (walk.budget.steps > MAX_STEPS) {
    // Fails closed: what cannot be proven readable is a gap (and a union trial cut short must not pass).
    walk.gaps.push({
      kind: 'too-complex',
      pointer,
      field,
      message: `the schemas nest unions too deeply to compare (over ${MAX_STEPS} comparisons), so compatibility cannot be proven; simplify the anyOf/oneOf nesting`,
    });
    return;
  }
  const refPair = typeof writerNode.$ref === 'string' && typeof readerNode.$ref === 'string' ? `${writerNode.$ref}|${readerNode.$ref}` : undefined;
  if (refPair !== undefined) {
    if (walk.activeRefs.has(refPair)) return;
    walk.activeRefs.add(refPair);
  }
  try {
    compareNode(walk, writerNode, readerNode, pointer, field);
  } finally {
    if (refPair !== undefined) walk.activeRefs.delete(refPair);
  }
}

function compareNode(walk: Walk, writerNode: JsonSchema, readerNode: JsonSchema, pointer: string, field: string): void {
  const w = flattenAllOf(walk.writer, walk.writer.deref(writerNode, pointer), pointer);
  const r = flattenAllOf(walk.reader, walk.reader.deref(readerNode, pointer), pointer);
  const seen = walk.active.get(w) ?? new Set<JsonSchema>();
  if (seen.has(r)) return;
  if (walk.depth >= MAX_DEPTH) {
    walk.gaps.push({
      kind: 'unsupported-keyword-changed',
      pointer,
      field,
      message: `${field}: schemas nest deeper than ${MAX_DEPTH} levels (a recursive union?) and the checker cannot prove them compatible; make this a new major version or simplify the recursion`,
    });
    return;
  }
  if (!JSON.stringify(w).includes('"$ref"') && !JSON.stringify(r).includes('"$ref"') && jsonEqual(w, r)) return;
  seen.add(r);
  walk.active.set(w, seen);
  walk.depth += 1;
  try {
    compareResolved(walk, w, r, pointer, field);
  } finally {
    seen.delete(r);
    walk.depth -= 1;
  }
}

function compareResolved(walk: Walk, w: JsonSchema, r: JsonSchema, pointer: string, field: string): void {
  const writerUnion = unionBranches(w);
  if (writerUnion) {
    // Every value of every writer branch must be readable.
    writerUnion.forEach((branch, i) => compare(walk, branch, r, `${pointer}/${unionKeyword(w)}/${i}`, field));
    return;
  }
  const readerUnion = unionBranches(r);
  if (readerUnion) {
    compareToReaderUnion(walk, w, r, readerUnion, pointer, field);
    return;
  }
  const { writer, reader } = labels(walk);
  const at = { pointer, field };
  const gap = (kind: GapKind, message: string) => walk.gaps.push({ kind, ...at, message });

  const writerTypes = typesOf(w);
  const readerTypes = typesOf(r);
  let shared = writerTypes ?? ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'];
  if (readerTypes) {
    if (!writerTypes) {
      gap('type-narrowed', `${field} may be any type in ${writer} but must be ${readerTypes.join(' or ')} in ${reader}`);
    } else {
      for (const t of writerTypes.filter((t) => !typeAccepted(t, readerTypes))) {
        if (t === 'null') gap('nullability-removed', `${field} may be null in ${writer} but not in ${reader}`);
        else gap('type-narrowed', `${field} may be ${t} in ${writer} but must be ${readerTypes.join(' or ')} in ${reader}`);
      }
    }
    shared = shared.filter((t) => typeAccepted(t, readerTypes));
  }

  if (Array.isArray(r.enum)) {
    if (!Array.isArray(w.enum)) {
      gap('enum-added', `${field} is restricted to ${JSON.stringify(r.enum)} in ${reader} but unrestricted in ${writer}`);
    } else {
      const missing = w.enum.filter((v) => !(r.enum as unknown[]).some((x) => jsonEqual(x, v)));
      if (missing.length > 0) {
        gap('enum-narrowed', `${field} lost enum value(s) ${JSON.stringify(missing)} in ${reader} that ${writer} may write`);
      }
    }
  }
  // A writer enum fixes the values: the reader's enum check above decides, constraints add nothing.
  const fixedValues = Array.isArray(w.enum) && Array.isArray(r.enum);

  if (shared.includes('object')) compareObjects(walk, w, r, pointer, field, gap);
  if (shared.includes('array')) compareArrays(walk, w, r, pointer, field, gap);
  if (!fixedValues && shared.includes('string')) {
    lowerBound(gap, field, 'minLength', w.minLength, r.minLength, writer, reader);
    upperBound(gap, field, 'maxLength', w.maxLength, r.maxLength, writer, reader);
    if (typeof r.pattern === 'string' && r.pattern !== w.pattern) {
      gap('pattern-changed', `${field} must match /${r.pattern}/ in ${reader} but ${w.pattern === undefined ? 'has no pattern' : `/${String(w.pattern)}/`} in ${writer}`);
    }
    if (typeof r.format === 'string' && r.format !== w.format) {
      gap('format-changed', `${field} must have format "${r.format}" in ${reader} but ${w.format === undefined ? 'has none' : `"${String(w.format)}"`} in ${writer}`);
    }
  }
  if (!fixedValues && (shared.includes('number') || shared.includes('integer'))) compareNumbers(w, r, field, gap, writer, reader);
  compareUnknownKeywords(w, r, field, gap, writer, reader);
}

function compareToReaderUnion(walk: Walk, w: JsonSchema, r: JsonSchema, branches: JsonSchema[], pointer: string, field: string): void {
  let best: ReadabilityGap[] | undefined;
  for (const [i, branch] of branches.entries()) {
    const trial: Walk = { ...walk, gaps: [] };
    compare(trial, w, branch, `${pointer}/${unionKeyword(r)}/${i}`, field);
    if (trial.gaps.length === 0) return;
    if (!best || trial.gaps.length < best.length) best = trial.gaps;
  }
  const { writer, reader } = labels(walk);
  walk.gaps.push({
    kind: 'union-branch-missing',
    pointer,
    field,
    message: `no branch of ${reader}'s ${unionKeyword(r)} at ${field} accepts every value ${writer} may write` +
      (best && best.length > 0 ? ` (closest branch: ${best.map((g) => g.message).join('; ')})` : ''),
  });
}

type GapSink = (kind: GapKind, message: string) => void;

function compareObjects(walk: Walk, w: JsonSchema, r: JsonSchema, pointer: string, field: string, gap: GapSink): void {
  const { writer, reader } = labels(walk);
  const wProps = (w.properties ?? {}) as Record<string, JsonSchema>;
  const rProps = (r.properties ?? {}) as Record<string, JsonSchema>;
  const wRequired = new Set((w.required ?? []) as string[]);
  const rRequired = (r.required ?? []) as string[];
  const wExtra = w.additionalProperties;
  const rExtra = r.additionalProperties;
  const child = (name: string) => ({
    pointer: `${pointer}/properties/${escapePointerToken(name)}`,
    field: `${field}.${name}`,
  });

  for (const name of rRequired.filter((n) => !wRequired.has(n))) {
    const c = child(name);
    walk.gaps.push(
      Object.hasOwn(wProps, name)
        ? { kind: 'property-became-required', ...c, message: `${c.field} is required in ${reader} but optional in ${writer}` }
        : { kind: 'required-property-added', ...c, message: `${c.field} is required in ${reader} but ${writer} does not declare it` },
    );
  }
  for (const [name, readerProp] of Object.entries(rProps)) {
    const c = child(name);
    if (Object.hasOwn(wProps, name)) {
      compare(walk, wProps[name]!, readerProp, c.pointer, c.field);
    } else if (wExtra === true || isSchema(wExtra)) {
      // The writer may put anything its additionalProperties allows under this name.
      compare(walk, wExtra === true ? {} : (wExtra as JsonSchema), readerProp, c.pointer, c.field);
    }
  }
  for (const name of Object.keys(wProps).filter((n) => !Object.hasOwn(rProps, n))) {
    const c = child(name);
    if (rExtra === false) {
      walk.gaps.push({
        kind: 'property-removed-from-closed-model',
        ...c,
        message: `${c.field} may be written by ${writer} but ${reader} forbids undeclared properties (additionalProperties: false)`,
      });
    } else if (isSchema(rExtra)) {
      compare(walk, wProps[name]!, rExtra, `${pointer}/additionalProperties`, c.field);
    }
  }
  if (wExtra === true || isSchema(wExtra)) {
    if (rExtra === false) {
      gap('content-model-closed', `${field} may carry undeclared properties in ${writer} but ${reader} forbids them (additionalProperties: false)`);
    } else if (isSchema(rExtra)) {
      compare(walk, wExtra === true ? {} : (wExtra as JsonSchema), rExtra, `${pointer}/additionalProperties`, `${field}.*`);
    }
  }
  lowerBound(gap, field, 'minProperties', w.minProperties, r.minProperties, writer, reader);
  upperBound(gap, field, 'maxProperties', w.maxProperties, r.maxProperties, writer, reader);
}

function compareArrays(walk: Walk, w: JsonSchema, r: JsonSchema, pointer: string, field: string, gap: GapSink): void {
  const { writer, reader } = labels(walk);
  const wItems = w.items;
  const rItems = r.items;
  if (Array.isArray(wItems) || Array.isArray(rItems)) {
    if (!jsonEqual(wItems, rItems) || !jsonEqual(w.additionalItems, r.additionalItems)) {
      gap('unsupported-keyword-changed', `${field}: tuple "items" changed between ${writer} and ${reader}; the checker only proves list items compatible, so make this a new major version or keep the tuple unchanged`);
    }
  } else if (isSchema(rItems)) {
    compare(walk, isSchema(wItems) ? wItems : {}, rItems, `${pointer}/items`, `${field}[]`);
  }
  lowerBound(gap, field, 'minItems', w.minItems, r.minItems, writer, reader);
  upperBound(gap, field, 'maxItems', w.maxItems, r.maxItems, writer, reader);
  if (r.uniqueItems === true && w.uniqueItems !== true) {
    gap('items-unique-required', `${field} must have unique items in ${reader} but not in ${writer}`);
  }
}

function compareNumbers(w: JsonSchema, r: JsonSchema, field: string, gap: GapSink, writer: string, reader: string): void {
  const bound = (value: unknown, exclusive: unknown) =>
    typeof value === 'number' ? { value, exclusive: exclusive === true } : undefined;
  const wMin = bound(w.minimum, w.exclusiveMinimum);
  const rMin = bound(r.minimum, r.exclusiveMinimum);
  if (rMin && !(wMin && (wMin.value > rMin.value || (wMin.value === rMin.value && (wMin.exclusive || !rMin.exclusive))))) {
    gap('constraint-tightened', `${field}: minimum ${describeBound(rMin, '>')} in ${reader} is stricter than ${wMin ? describeBound(wMin, '>') : 'none'} in ${writer}`);
  }
  const wMax = bound(w.maximum, w.exclusiveMaximum);
  const rMax = bound(r.maximum, r.exclusiveMaximum);
  if (rMax && !(wMax && (wMax.value < rMax.value || (wMax.value === rMax.value && (wMax.exclusive || !rMax.exclusive))))) {
    gap('constraint-tightened', `${field}: maximum ${describeBound(rMax, '<')} in ${reader} is stricter than ${wMax ? describeBound(wMax, '<') : 'none'} in ${writer}`);
  }
  if (typeof r.multipleOf === 'number') {
    const ratio = typeof w.multipleOf === 'number' ? w.multipleOf / r.multipleOf : NaN;
    if (!(Math.abs(ratio - Math.round(ratio)) < 1e-9 && Math.round(ratio) >= 1)) {
      gap('constraint-tightened', `${field}: multipleOf ${r.multipleOf} in ${reader} is not implied by ${w.multipleOf === undefined ? 'no multipleOf' : `multipleOf ${String(w.multipleOf)}`} in ${writer}`);
    }
  }
}

function describeBound(b: { value: number; exclusive: boolean }, op: '>' | '<'): string {
  return `${op}${b.exclusive ? '' : '='} ${b.value}`;
}

function lowerBound(gap: GapSink, field: string, keyword: string, w: unknown, r: unknown, writer: string, reader: string): void {
  if (typeof r !== 'number') return;
  const wValue = typeof w === 'number' ? w : 0;
  if (wValue < r) gap('constraint-tightened', `${field}: ${keyword} ${r} in ${reader} is stricter than ${typeof w === 'number' ? w : 'none'} in ${writer}`);
}

function upperBound(gap: GapSink, field: string, keyword: string, w: unknown, r: unknown, writer: string, reader: string): void {
  if (typeof r !== 'number') return;
  if (typeof w !== 'number' || w > r) gap('constraint-tightened', `${field}: ${keyword} ${r} in ${reader} is stricter than ${typeof w === 'number' ? w : 'none'} in ${writer}`);
}

function compareUnknownKeywords(w: JsonSchema, r: JsonSchema, field: string, gap: GapSink, writer: string, reader: string): void {
  const keywords = new Set([...Object.keys(w), ...Object.keys(r)].filter((k) => !UNDERSTOOD.has(k)));
  for (const keyword of keywords) {
    if (!jsonEqual(w[keyword], r[keyword])) {
      gap('unsupported-keyword-changed', `${field}: "${keyword}" differs between ${writer} and ${reader} and the checker cannot prove the change compatible; keep it unchanged or make a new major version`);
    }
  }
}

/** The JSON types a schema allows, or undefined when it does not restrict them. */
function typesOf(s: JsonSchema): string[] | undefined {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type as string[];
  if (Array.isArray(s.enum)) return [...new Set(s.enum.map(jsonTypeOf))];
  return undefined;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeAccepted(type: string, readerTypes: readonly string[]): boolean {
  return readerTypes.includes(type) || (type === 'integer' && readerTypes.includes('number'));
}

function unionKeyword(s: JsonSchema): 'anyOf' | 'oneOf' {
  return Array.isArray(s.anyOf) ? 'anyOf' : 'oneOf';
}

/** Branches of an anyOf/oneOf, each merged with the keywords beside the union. */
function unionBranches(s: JsonSchema): JsonSchema[] | undefined {
  const keyword = Array.isArray(s.anyOf) ? 'anyOf' : Array.isArray(s.oneOf) ? 'oneOf' : undefined;
  if (!keyword) return undefined;
  const { [keyword]: branches, ...siblings } = s;
  return (branches as JsonSchema[]).map((b) => (Object.keys(siblings).length === 0 ? b : { allOf: [siblings, b] }));
}

/** Merges `allOf` into one schema: properties united, required united, other keywords from the last branch that sets them. */
function flattenAllOf(doc: SchemaDocument, s: JsonSchema, pointer: string): JsonSchema {
  if (!Array.isArray(s.allOf)) return s;
  const { allOf, ...rest } = s;
  let merged: Record<string, unknown> = { ...rest };
  for (const [i, raw] of (allOf as JsonSchema[]).entries()) {
    const branch = flattenAllOf(doc, doc.deref(raw, `${pointer}/allOf/${i}`), `${pointer}/allOf/${i}`);
    const properties = { ...(merged.properties as object), ...(branch.properties as object) };
    const required = [...new Set([...((merged.required ?? []) as string[]), ...((branch.required ?? []) as string[])])];
    merged = { ...merged, ...branch, properties, required };
  }
  if (Object.keys(merged.properties as object).length === 0) delete merged.properties;
  if ((merged.required as string[]).length === 0) delete merged.required;
  return merged;
}

function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function labels(walk: Walk): { writer: string; reader: string } {
  return { writer: walk.writer.label, reader: walk.reader.label };
}
