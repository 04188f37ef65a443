import type { SchemaDocumentJson } from '../../runtime/schemas/index';

/**
 * The schema a producer is held to: every object schema that leaves `additionalProperties`
 * unset gets `additionalProperties: false`. Consumers read with the open schema, so a newer minor
 * may add fields; producers may only write what their version declares. The compatibility
 * checker relies on this (an undeclared property is never written).
 * Branches of `allOf` stay open: closing each would refuse the properties the others declare.
 */
export function toStrictWriterSchema(schema: SchemaDocumentJson): SchemaDocumentJson {
  return close(schema, false) as SchemaDocumentJson;
}

function close(node: unknown, insideAllOf: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => close(n, insideAllOf));
  if (node === null || typeof node !== 'object') return node;
  const schema = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'enum' || keyword === 'default' || keyword === 'examples' || keyword === 'required') out[keyword] = value;
    else if (keyword === 'properties' || keyword === 'definitions' || keyword === 'patternProperties') {
      out[keyword] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, close(v, false)]));
    } else if (keyword === 'allOf') out[keyword] = close(value, true);
    else if (typeof value === 'object') out[keyword] = close(value, false);
    else out[keyword] = value;
  }
  const isObjectSchema = schema.properties !== undefined || schema.type === 'object';
  const composed = schema.allOf !== undefined || schema.anyOf !== undefined || schema.oneOf !== undefined;
  if (isObjectSchema && !composed && !insideAllOf && schema.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}
