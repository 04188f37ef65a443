import fc from 'fast-check';
import { findReadabilityGaps } from '../../local/schemas/readability';
import { SchemaDocument, type JsonSchema } from '../../local/schemas/schema-document';
import { createDraft04Ajv } from '../../local/schemas/create-ajv';
import { toStrictWriterSchema } from '../../local/schemas/strict-writer';

const NAMES = ['a', 'b', 'c'] as const;

const leaf: fc.Arbitrary<JsonSchema> = fc.oneof(
  fc.constant({ type: 'string' }),
  fc.constant({ type: ['string', 'null'] }),
  fc.constant({ type: 'integer' }),
  fc.constant({ type: 'number' }),
  fc.constant({ type: 'boolean' }),
  fc.subarray(['x', 'y', 'z'], { minLength: 1 }).map((values) => ({ type: 'string', enum: values })),
  fc.integer({ min: 0, max: 3 }).map((maxLength) => ({ type: 'string', maxLength })),
  fc.integer({ min: 0, max: 2 }).map((minimum) => ({ type: 'integer', minimum })),
  fc.constant({ type: 'array', items: { type: 'integer' } }),
  fc.constant({ anyOf: [{ type: 'string' }, { type: 'integer' }] }),
);

const objectOf = (property: fc.Arbitrary<JsonSchema>): fc.Arbitrary<JsonSchema> =>
  fc
    .record({
      properties: fc.dictionary(fc.constantFrom(...NAMES), property, { maxKeys: 3 }),
      required: fc.subarray([...NAMES]),
      additionalProperties: fc.constantFrom(undefined, false, true),
    })
    .map(({ properties, required, additionalProperties }) => ({
      type: 'object',
      properties,
      ...(required.some((r) => r in properties) ? { required: required.filter((r) => r in properties) } : {}),
      ...(additionalProperties === undefined ? {} : { additionalProperties }),
    }));

const schema = objectOf(fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 1, arbitrary: objectOf(leaf) }));

const scalar = fc.oneof(fc.constantFrom('x', 'y', 'z', '', 'xxxx', null, true, 1.5, -1), fc.integer({ min: -1, max: 3 }), fc.constant([1, 2]));
const value = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...NAMES, 'd'), scalar, { maxKeys: 3 }) });
const data = fc.dictionary(fc.constantFrom(...NAMES, 'd'), value, { maxKeys: 4 });

describe('compatibility checker soundness (property)', () => {
  test('when it finds no gap, every value the writer may publish is accepted by the reader', () => {
    const ajv = createDraft04Ajv();
    let provenPairs = 0;
    fc.assert(
      fc.property(schema, schema, fc.array(data, { minLength: 20, maxLength: 20 }), (writer, reader, samples) => {
        if (findReadabilityGaps(new SchemaDocument(writer, 'writer'), new SchemaDocument(reader, 'reader')).length > 0) return;
        provenPairs += 1;
        const writes = ajv.compile(toStrictWriterSchema(writer));
        const reads = ajv.compile(reader);
        for (const sample of samples) {
          if (writes(sample) && !reads(sample)) {
            throw new Error(`reader refused ${JSON.stringify(sample)}: ${ajv.errorsText(reads.errors)}`);
          }
        }
      }),
      { numRuns: 400 },
    );
    // The property must have been exercised, not vacuously true.
    expect(provenPairs).toBeGreaterThan(20);
  });

  test('every schema is compatible with itself in both directions', () => {
    fc.assert(
      fc.property(schema, (s) => {
        const doc = new SchemaDocument(s, 'same');
        expect(findReadabilityGaps(doc, doc)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
