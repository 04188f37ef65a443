import { findReadabilityGaps } from '../../local/schemas/readability';
import { SchemaDocument, type JsonSchema } from '../../local/schemas/schema-document';

/** Unions nested `depth` deep, three branches each: comparing two of them multiplies the work at every level. */
function nestedUnions(depth: number, readerConstraint: boolean): JsonSchema {
  if (depth === 0) return { type: 'string', ...(readerConstraint ? { maxLength: 3 } : {}) };
  return {
    anyOf: ['a', 'b', 'c'].map((key) => ({
      type: 'object',
      properties: { [key]: nestedUnions(depth - 1, readerConstraint), x: nestedUnions(depth - 1, readerConstraint) },
    })),
  };
}

test('deeply nested unions end with a too-complex gap instead of hanging, and never pass as compatible', () => {
  const gaps = findReadabilityGaps(new SchemaDocument(nestedUnions(6, false), 'v1'), new SchemaDocument(nestedUnions(6, true), 'v2'));
  expect(gaps.length).toBeGreaterThan(0);
  expect(JSON.stringify(gaps)).toContain('cannot be proven; simplify the anyOf/oneOf nesting');
});
