import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { compileEventSchemas, eventValidatorSchemas, renderStandaloneModule } from '../../../local/schemas/compile-validators';
import { UnsupportedSchemaError } from '../../../local/schemas/errors';
import { DEFAULT_GENERATED_DIR, renderEnvelopeMetadataValidator } from '../../../local/schemas/generate-code';
import { loadSchemaTree } from '../../../local/schemas/schema-tree';
import { createDraft04Ajv } from '../../../local/schemas/create-ajv';
import * as generated from '../../../schemas/generated/compiled-validators';
import { EVENT_SCHEMAS, METADATA_SCHEMA } from '../../../schemas/generated/registry';
import { validateEnvelopeMetadata } from '../../../runtime/schemas/index';
import type { CompiledValidateFunction, SchemaDocumentJson } from '../../../runtime/schemas';
import { toStrictWriterSchema } from '../../../local/schemas/strict-writer';

const GENERATED = [readFileSync(join(DEFAULT_GENERATED_DIR, 'compiled-validators.ts'), 'utf8')];
const RUNTIME_METADATA_VALIDATOR = join(import.meta.dirname, '..', '..', '..', 'runtime', 'schemas', 'envelope-metadata-validator.ts');
const byName = generated as unknown as Record<string, unknown>;

/** A value close to a valid one: the sample with fields dropped, retyped, emptied or added, at any depth. */
function nearby(sample: unknown): fc.Arbitrary<unknown> {
  if (Array.isArray(sample)) return fc.oneof(fc.constant([]), fc.array(nearby(sample[0]), { maxLength: 3 }), fc.anything());
  if (sample !== null && typeof sample === 'object') {
    const fields = Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, fc.option(nearby(v), { nil: undefined, freq: 4 })]));
    return fc.oneof({ weight: 6, arbitrary: fc.record({ ...fields, extra: fc.option(fc.anything(), { nil: undefined, freq: 2 }) }) }, fc.anything());
  }
  return fc.oneof({ weight: 3, arbitrary: fc.constant(sample) }, fc.string(), fc.integer({ min: -5, max: 5 }), fc.double(), fc.constant(null), fc.boolean());
}

const SAMPLES: Record<string, unknown> = {
  'order.placed': { orderId: 'ord_1', customerId: 'cus_1', lines: [{ sku: 'sku-1', quantity: 1, unitPriceCents: 5 }], totalCents: 5, currency: 'EUR', channel: 'web' },
  'order.paid': { orderId: 'ord_1', paymentId: 'pay_1', amountCents: 5, currency: 'EUR' },
  'order.shipped': { orderId: 'ord_1', carrier: 'DHL', trackingNumber: 'T1', shippedAt: '2026-11-23T10:30:42Z' },
};

function outcome(validate: CompiledValidateFunction, data: unknown) {
  const valid = validate(data);
  return { valid, errors: valid ? null : validate.errors };
}

describe('validators compiled at build time', () => {
  test("an app's generated validators import nothing from ajv: only the helpers and types of event-router/runtime", () => {
    for (const code of GENERATED) {
      expect(code).not.toMatch(/require\(|from ['"]ajv/);
      const imports = code.match(/^import .*$/gm) ?? [];
      expect(imports.length).toBeGreaterThan(0);
      for (const line of imports) expect(line).toMatch(/from 'event-router\/runtime';$/);
    }
  });

  test("the runtime's envelope metadata validator is up to date with schemas/envelope/metadata.json (regenerate it when this fails)", () => {
    expect(readFileSync(RUNTIME_METADATA_VALIDATOR, 'utf8')).toBe(renderEnvelopeMetadataValidator(loadSchemaTree()));
  });

  test.each(EVENT_SCHEMAS.map((s) => [`${s.eventType} v${s.eventVersion}`, s] as const))(
    '%s: the generated reader and producer validators give ajv\'s own verdicts and errors',
    (_name, registered) => {
      const ajv = createDraft04Ajv();
      const reader = ajv.compile(registered.schema) as CompiledValidateFunction;
      const writer = ajv.compile(toStrictWriterSchema(registered.schema)) as CompiledValidateFunction;
      const name = `${registered.detailType[0]!.toLowerCase()}${registered.detailType.slice(1)}V${registered.eventVersion.replace('.', '_')}`;
      const compiledReader = (byName[`${name}Reader`] as { validate: CompiledValidateFunction }).validate;
      const compiledWriter = byName[`${name}Writer`] as CompiledValidateFunction;
      fc.assert(
        fc.property(nearby(SAMPLES[registered.eventType]), (data) => {
          expect(outcome(compiledReader, data)).toEqual(outcome(reader, data));
          expect(outcome(compiledWriter, data)).toEqual(outcome(writer, data));
        }),
        { numRuns: 300 },
      );
    },
  );

  test('the generated metadata validator gives ajv\'s own verdicts and errors', () => {
    const metadata = createDraft04Ajv().compile(METADATA_SCHEMA) as CompiledValidateFunction;
    const sample = { eventId: '01J8', eventType: 'order.placed', eventVersion: '1.1', occurredAt: '2026-11-23T10:30:42Z', producer: 'orders', sequence: 3, correlationId: 'c' };
    fc.assert(fc.property(nearby(sample), (data) => expect(outcome(validateEnvelopeMetadata, data)).toEqual(outcome(metadata, data))), { numRuns: 500 });
  });

  test('annotations are left out of the compiled code, a property named like one is still checked', () => {
    const schema: SchemaDocumentJson = {
      description: 'DROP-ME-description',
      title: 'DROP-ME-title',
      type: 'object',
      required: ['description'],
      properties: { description: { type: 'string', description: 'DROP-ME-nested', enum: ['a', 'b'] } },
    };
    const code = renderStandaloneModule(new Map([['thing', { label: 'thing v1', schema: eventValidatorSchemas([{ source: 's', detailType: 'Thing', eventType: 'thing.done', eventVersion: '1', schema }]).get('thingV1Reader')!.schema }]]), {
      helpers: '../standalone-helpers',
      types: '',
    });
    expect(code).not.toContain('DROP-ME');
    const [compiled] = compileEventSchemas([{ source: 's', detailType: 'Thing', eventType: 'thing.done', eventVersion: '1', schema }]).readers;
    expect(compiled!.validate({ description: 'a' })).toBe(true);
    expect(compiled!.validate({ description: 'c' })).toBe(false);
    expect(compiled!.validate({})).toBe(false);
  });

  test('a format compiled validators cannot check is refused at generation, naming the schema, the format and the fix', () => {
    const schemas = eventValidatorSchemas([
      { source: 's', detailType: 'Thing', eventType: 'thing.done', eventVersion: '1', schema: { type: 'object', properties: { a: { type: 'string' } } } },
      { source: 's', detailType: 'Other', eventType: 'other.done', eventVersion: '2', schema: { type: 'object', properties: { site: { type: 'string', format: 'uri' } } } },
    ]);
    let caught: unknown;
    try {
      renderStandaloneModule(schemas, { helpers: '../standalone-helpers', types: '' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnsupportedSchemaError);
    expect((caught as Error).message).toMatch(/^other\.done v2 \(reader\) at \/: format "uri" has no compiled implementation \(compiled validators check date, time, date-time\)\. Use one of those, or add the format/);
  });

  test('a format ajv-formats defines by a pattern (email) compiles into the code itself', () => {
    const schema: SchemaDocumentJson = { type: 'object', properties: { mail: { type: 'string', format: 'email' } } };
    const code = renderStandaloneModule(eventValidatorSchemas([{ source: 's', detailType: 'Thing', eventType: 'thing.done', eventVersion: '1', schema }]), { helpers: '../standalone-helpers', types: '' });
    expect(code).toMatch(/const formats0 = \/\^\[a-z0-9/);
  });

  test('a keyword whose code needs another ajv helper (uniqueItems) is refused at generation, saying what to do', () => {
    const schemas = eventValidatorSchemas([{ source: 's', detailType: 'Thing', eventType: 'thing.done', eventVersion: '1', schema: { type: 'array', uniqueItems: true } }]);
    expect(() => renderStandaloneModule(schemas, { helpers: '../standalone-helpers', types: '' })).toThrow(
      /thing\.done v1 \(reader\) at \/: its validator needs ajv\/dist\/runtime\/equal at run time.*Avoid the keyword that needs it \(e\.g\. uniqueItems\)/,
    );
  });
});
