import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { runSchemaDiff } from '../../local/schemas/schema-commands';
import { createDraft04Ajv } from '../../local/schemas/create-ajv';

const dir = mkdtempSync(join(tmpdir(), 'schema-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const keyword = fc.constantFrom('type', 'properties', 'required', 'items', 'enum', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', '$ref', 'minimum', 'maxLength', 'pattern', 'definitions', 'not', 'format');
const typeName = fc.constantFrom('object', 'string', 'integer', 'number', 'boolean', 'array', 'null', ['string', 'null'], ['integer', 'string']);

/** Schema-shaped JSON nested at most `depth` levels: mostly well-formed, sometimes arbitrary values under real keywords. */
function schemaAt(depth: number): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    { weight: 14, arbitrary: fc.record({ type: typeName, enum: fc.uniqueArray(fc.constantFrom('x', 'y', 1, null), { minLength: 1, maxLength: 3 }), minimum: fc.integer({ min: -2, max: 2 }), maxLength: fc.nat(4) }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.constantFrom({ $ref: '#' }, { $ref: 'other.json' }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
  );
  if (depth === 0) return leaf;
  const child = schemaAt(depth - 1);
  return fc.oneof(
    { weight: 1, arbitrary: leaf },
    { weight: 1, arbitrary: fc.dictionary(keyword, child, { maxKeys: 2 }) },
    {
      weight: 10,
      arbitrary: fc.record(
        {
          type: typeName,
          properties: fc.dictionary(fc.constantFrom('a', 'b', 'c'), child, { maxKeys: 3 }),
          items: child,
          additionalProperties: fc.oneof(fc.boolean(), child),
          anyOf: fc.array(child, { minLength: 1, maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
    },
  );
}
const schemaLike = schemaAt(3);
const DRAFT4 = 'http://json-schema.org/draft-04/schema#';
const ajv = createDraft04Ajv();
/** Only schemas ajv compiles, so the checker itself (not the loader) meets every one of them. */
const validSchema = schemaLike
  .filter((s): s is object => s !== null && typeof s === 'object' && !Array.isArray(s))
  .map((s) => ({ $schema: DRAFT4, ...s }))
  .filter((s) => {
    try {
      ajv.compile(s);
      return true;
    } catch {
      return false;
    }
  });

describe('schema diff on arbitrary input (fuzz)', () => {
  test('always answers 0, 1 or 2 and never crashes', () => {
    let n = 0;
    fc.assert(
      fc.property(schemaLike, schemaLike, fc.constantFrom(true, true, true, false), (a, b, declareDraft) => {
        const files = [a, b].map((schema) => {
          const file = join(dir, `s${n++}.json`);
          const body = declareDraft && schema !== null && typeof schema === 'object' && !Array.isArray(schema) ? { $schema: 'http://json-schema.org/draft-04/schema#', ...schema } : schema;
          writeFileSync(file, JSON.stringify(body));
          return file;
        });
        const result = runSchemaDiff(files[0]!, files[1]!);
        expect([0, 1, 2]).toContain(result.exitCode);
        if (result.exitCode === 2) expect(result.stderr).toMatch(/^invalid input: /);
      }),
      { numRuns: 300 },
    );
  });

  test('on valid schemas the checker answers compatible or not, and refuses only what it documents', () => {
    let n = 0;
    fc.assert(
      fc.property(validSchema, validSchema, (a, b) => {
        const [oldFile, newFile] = [a, b].map((schema) => {
          const file = join(dir, `v${n++}.json`);
          writeFileSync(file, JSON.stringify(schema));
          return file;
        });
        const result = runSchemaDiff(oldFile!, newFile!);
        if (result.exitCode === 2) expect(result.stderr).toMatch(/\$ref cycle|does not resolve|does not point at a schema|points outside the document/);
        else expect([0, 1]).toContain(result.exitCode);
      }),
      { numRuns: 150 },
    );
  });
});
