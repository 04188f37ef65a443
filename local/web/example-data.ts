import type { SchemaDocumentJson } from '../../runtime/schemas';

type Schema = Record<string, unknown>;

/**
 * A value for `schema` that fills every required field: the schema's `example`/`default` when it
 * has one, else the first enum value, else a value built from the type and constraints (a string
 * matching a simple `pattern`, a number at its minimum). Optional fields are left out, so the
 * user sees the minimum the producer must send; the publish validator has the last word.
 */
export function exampleFor(schema: SchemaDocumentJson, root: SchemaDocumentJson = schema, depth = 0): unknown {
  const s = resolve(schema as Schema, root as Schema);
  if (depth > 8) return null;
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const properties = (s.properties ?? {}) as Record<string, Schema>;
      for (const key of (s.required ?? []) as string[]) out[key] = exampleFor(properties[key] ?? {}, root, depth + 1);
      return out;
    }
    case 'array': {
      const count = Math.max(1, Number(s.minItems ?? 1));
      return Array.from({ length: count }, () => exampleFor((s.items ?? {}) as Schema, root, depth + 1));
    }
    case 'integer':
    case 'number':
      return Math.max(Number(s.minimum ?? 1), 1);
    case 'boolean':
      return true;
    case 'string':
      if (s.format === 'date-time') return new Date().toISOString();
      if (typeof s.pattern === 'string') return sampleForPattern(s.pattern) ?? 'example';
      return 'example'.padEnd(Number(s.minLength ?? 0), 'x');
    default:
      return null;
  }
}

function resolve(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Schema | undefined)?.[part];
  return (node ?? {}) as Schema;
}

const ALPHANUMERIC = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789';

/**
 * A string matching a simple pattern (anchors, literals, character classes, `+ * ? {n,m}`): enough
 * for id formats like `^ord_[A-Za-z0-9]+$`. Repeated classes get random characters, so each example
 * names a new entity. Undefined for anything more elaborate.
 */
export function sampleForPattern(pattern: string): string | undefined {
  let out = '';
  let i = pattern.startsWith('^') ? 1 : 0;
  const end = pattern.endsWith('$') ? pattern.length - 1 : pattern.length;
  while (i < end) {
    let pick: (() => string) | undefined;
    const ch = pattern[i];
    if (ch === '[') {
      const close = pattern.indexOf(']', i);
      if (close < 0 || pattern[i + 1] === '^') return undefined;
      const chars = expandClass(pattern.slice(i + 1, close));
      if (chars.length === 0) return undefined;
      pick = () => chars[Math.floor(Math.random() * chars.length)];
      i = close + 1;
    } else if (ch === '\\') {
      const escaped = pattern[i + 1];
      pick = escaped === 'd' ? () => String(Math.floor(Math.random() * 10)) : escaped === 'w' ? () => 'a' : () => escaped;
      i += 2;
    } else if ('().|*+?{'.includes(ch)) {
      return undefined;
    } else {
      pick = () => ch;
      i += 1;
    }
    let count = 1;
    const q = pattern[i];
    if (q === '+') [count, i] = [8, i + 1];
    else if (q === '*') [count, i] = [8, i + 1];
    else if (q === '?') [count, i] = [1, i + 1];
    else if (q === '{') {
      const close = pattern.indexOf('}', i);
      const [min] = pattern.slice(i + 1, close).split(',').map(Number);
      if (close < 0 || !Number.isInteger(min)) return undefined;
      [count, i] = [Math.max(min, 1), close + 1];
    }
    for (let n = 0; n < count; n += 1) out += pick();
  }
  return out;
}

function expandClass(body: string): string {
  let chars = '';
  for (let i = 0; i < body.length; i += 1) {
    if (body[i + 1] === '-' && i + 2 < body.length) {
      for (let c = body.charCodeAt(i); c <= body.charCodeAt(i + 2); c += 1) chars += String.fromCharCode(c);
      i += 2;
    } else chars += body[i];
  }
  // Prefer unambiguous letters and digits when the class allows them.
  const nice = [...chars].filter((c) => ALPHANUMERIC.includes(c)).join('');
  return nice.length > 0 ? nice : chars;
}
