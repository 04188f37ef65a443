import { diffSchemas, checkAgainstHistory } from '../../local/schemas/check-compatibility';
import { directionsOf, type CompatibilityMode } from '../../local/schemas/compatibility-mode';
import { findReadabilityGaps } from '../../local/schemas/readability';
import { SchemaDocument } from '../../local/schemas/schema-document';
import { COMPATIBILITY_CASES } from './compatibility-corpus';

const kinds = (gaps: readonly { kind: string }[]) => [...new Set(gaps.map((g) => g.kind))].sort();

describe('readability of each corpus pair, per direction', () => {
  test.each(COMPATIBILITY_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const oldDoc = new SchemaDocument(c.old, 'old');
    const newDoc = new SchemaDocument(c.new, 'new');
    expect({ backward: kinds(findReadabilityGaps(oldDoc, newDoc)), forward: kinds(findReadabilityGaps(newDoc, oldDoc)) }).toEqual({
      backward: [...c.backward].sort(),
      forward: [...c.forward].sort(),
    });
  });
});

const MODES: CompatibilityMode[] = ['BACKWARD', 'FORWARD', 'FULL', 'NONE'];

describe.each(MODES)('mode %s over the corpus', (mode) => {
  const required = directionsOf(mode);
  test.each(COMPATIBILITY_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const expected = required.flatMap((d) => c[d].map((kind) => ({ kind, direction: d })));
    const found = diffSchemas({ label: 'v1', schema: c.old }, { label: 'v1.1', schema: c.new }, mode);
    expect(found.length === 0).toBe(expected.length === 0);
    expect([...new Set(found.map((i) => `${i.direction}:${i.kind}`))].sort()).toEqual([...new Set(expected.map((e) => `${e.direction}:${e.kind}`))].sort());
  });
});

describe('transitive modes', () => {
  // v2 drops the optional `a`, v3 brings it back with another type: each step is fine, v1 -> v3 is not.
  const history = [
    { label: 'v1', schema: { type: 'object', properties: { id: { type: 'string' }, a: { type: 'string' } } } },
    { label: 'v1.1', schema: { type: 'object', properties: { id: { type: 'string' } } } },
    { label: 'v1.2', schema: { type: 'object', properties: { id: { type: 'string' }, a: { type: 'integer' } } } },
  ];

  test.each(['BACKWARD', 'FORWARD', 'FULL'] as const)('%s checks only the previous version and passes', (mode) => {
    expect(checkAgainstHistory(history, mode)).toEqual([]);
  });

  test.each([
    ['BACKWARD_TRANSITIVE', ['backward']],
    ['FORWARD_TRANSITIVE', ['forward']],
    ['FULL_TRANSITIVE', ['backward', 'forward']],
  ] as const)('%s checks every earlier version and finds the v1 break', (mode, directions) => {
    const found = checkAgainstHistory(history, mode);
    expect(found.map((i) => i.against)).toEqual(directions.map(() => 'v1'));
    expect(found.map((i) => i.direction)).toEqual(directions);
    expect(found.every((i) => i.kind === 'type-narrowed' && i.pointer === '/properties/a')).toBe(true);
  });

  test('a single version has nothing to be checked against', () => {
    expect(checkAgainstHistory(history.slice(0, 1), 'FULL_TRANSITIVE')).toEqual([]);
  });
});

describe('incompatibility reports', () => {
  const found = diffSchemas(
    { label: 'v1', schema: { type: 'object', properties: { customer: { type: 'object', properties: { email: { type: 'string' } } } } } },
    { label: 'v1.1', schema: { type: 'object', properties: { customer: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] } } } },
    'FULL',
  );

  test('name the JSON pointer and the data field of the change', () => {
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ pointer: '/properties/customer/properties/email', field: 'data.customer.email', direction: 'backward', against: 'v1' });
  });

  test('say what changed and which consumers break', () => {
    expect(found[0]!.message).toBe(
      'BACKWARD break at /properties/customer/properties/email: data.customer.email is required in v1.1 (new) but optional in v1 (old), ' +
        'so consumers on v1.1 cannot read events written with v1.',
    );
  });

  test('a forward break names the consumers still on the old version', () => {
    const forward = diffSchemas({ label: 'v1', schema: { enum: ['a'] } }, { label: 'v1.1', schema: { enum: ['a', 'b'] } }, 'FORWARD');
    expect(forward[0]!.message).toMatch(/^FORWARD break at \/: data lost enum value\(s\) \["b"\] in v1 \(old\) that v1.1 \(new\) may write, so consumers still on v1 cannot read events written with v1.1\.$/);
  });
});

describe('unsupported references', () => {
  test('a remote $ref is refused with the location and what to do', () => {
    expect(() => diffSchemas({ label: 'v1', schema: { properties: { a: { $ref: 'common.json#/X' } } } }, { label: 'v1.1', schema: { properties: { a: { type: 'string' } } } }, 'FULL')).toThrow(
      /v1 \(old\) at \/properties\/a: \$ref "common.json#\/X" points outside the document; inline it under "definitions"/,
    );
  });

  test('a $ref that does not resolve is refused', () => {
    expect(() => diffSchemas({ label: 'v1', schema: { $ref: '#/definitions/Missing' } }, { label: 'v1.1', schema: {} }, 'BACKWARD')).toThrow(/does not resolve/);
  });
});
