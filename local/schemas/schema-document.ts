import { UnsupportedSchemaError } from './errors';

/** A JSON Schema (draft-04) node. Booleans only appear as `additionalProperties`/`additionalItems`. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * One schema document with its local `$ref`s resolvable (`#`, `#/definitions/X`, any JSON
 * pointer into the same document). Remote references are refused: a schema in this repo must
 * be self-contained so it deploys to the EventBridge Schema Registry as one document.
 */
export class SchemaDocument {
  constructor(
    /** The document's root schema. */
    public readonly root: JsonSchema,
    /** How messages name this document, e.g. `OrderPlaced v1.1`. */
    public readonly label: string,
  ) {}

  /** Follows `$ref` chains until a schema without `$ref`; throws UnsupportedSchemaError on remote, missing or cyclic refs. */
  deref(schema: JsonSchema, at: string): JsonSchema {
    let current = schema;
    const followed = new Set<string>();
    while (typeof current.$ref === 'string') {
      const ref = current.$ref;
      if (followed.has(ref)) throw new UnsupportedSchemaError(this.label, at, `$ref cycle through ${ref}`);
      followed.add(ref);
      current = this.resolvePointer(ref, at);
    }
    return current;
  }

  private resolvePointer(ref: string, at: string): JsonSchema {
    if (!ref.startsWith('#')) {
      throw new UnsupportedSchemaError(
        this.label,
        at,
        `$ref ${JSON.stringify(ref)} points outside the document; inline it under "definitions" and use "#/definitions/..."`,
      );
    }
    const tokens = ref === '#' || ref === '#/' ? [] : ref.slice(2).split('/').map(unescapePointerToken);
    let node: unknown = this.root;
    for (const token of tokens) {
      if (node === null || typeof node !== 'object' || !(token in node)) {
        throw new UnsupportedSchemaError(this.label, at, `$ref ${JSON.stringify(ref)} does not resolve`);
      }
      node = (node as Record<string, unknown>)[token];
    }
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      throw new UnsupportedSchemaError(this.label, at, `$ref ${JSON.stringify(ref)} does not point at a schema`);
    }
    return node as JsonSchema;
  }
}

/** Decodes `~1` and `~0` in one JSON pointer token (RFC 6901). */
export function unescapePointerToken(token: string): string {
  return decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Encodes one JSON pointer token (RFC 6901). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Structural equality of two JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b as object, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
