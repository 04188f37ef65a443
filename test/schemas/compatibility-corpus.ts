import type { GapKind } from '../../local/schemas/readability';
import type { JsonSchema } from '../../local/schemas/schema-document';

/**
 * One schema change and what each direction of reading makes of it: `backward` lists the gap
 * kinds when the new schema reads the old one's data, `forward` when the old reads the new's.
 * An empty list means that direction is compatible.
 */
export interface CompatibilityCase {
  readonly name: string;
  readonly old: JsonSchema;
  readonly new: JsonSchema;
  readonly backward: readonly GapKind[];
  readonly forward: readonly GapKind[];
}

const object = (properties: Record<string, JsonSchema>, required: string[] = [], more: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
  ...more,
});
const str: JsonSchema = { type: 'string' };
const int: JsonSchema = { type: 'integer' };

const lineV1 = object({ sku: str, quantity: int }, ['sku', 'quantity']);
const tree = (leaf: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: { root: { $ref: '#/definitions/Node' } },
  definitions: { Node: object({ value: leaf, children: { type: 'array', items: { $ref: '#/definitions/Node' } } }, ['value']) },
});

// A JSON-like value: a leaf, or a list of values; the description beside anyOf makes the checker merge branches.
const jsonValue = (leafSchema: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: { value: { $ref: '#/definitions/Value' } },
  definitions: { Value: { description: 'a value', anyOf: [leafSchema, { type: 'array', items: { $ref: '#/definitions/Value' } }] } },
});

/** The corpus: every construct the checker understands, changed in compatible and breaking ways. */
export const COMPATIBILITY_CASES: readonly CompatibilityCase[] = [
  { name: 'identical schemas', old: object({ id: str }, ['id']), new: object({ id: str }, ['id']), backward: [], forward: [] },
  { name: 'annotations only (title, description) changed', old: object({ id: { ...str, description: 'a' } }), new: object({ id: { ...str, description: 'b' } }, [], { title: 'T' }), backward: [], forward: [] },
  { name: 'optional property added (open model)', old: object({ id: str }, ['id']), new: object({ id: str, note: str }, ['id']), backward: [], forward: [] },
  { name: 'optional property removed (open model)', old: object({ id: str, note: str }, ['id']), new: object({ id: str }, ['id']), backward: [], forward: [] },
  {
    name: 'optional property added to a closed model',
    old: object({ id: str }, ['id'], { additionalProperties: false }),
    new: object({ id: str, note: str }, ['id'], { additionalProperties: false }),
    backward: [],
    forward: ['property-removed-from-closed-model'],
  },
  {
    name: 'optional property removed from a closed model',
    old: object({ id: str, note: str }, ['id'], { additionalProperties: false }),
    new: object({ id: str }, ['id'], { additionalProperties: false }),
    backward: ['property-removed-from-closed-model'],
    forward: [],
  },
  { name: 'required property added', old: object({ id: str }, ['id']), new: object({ id: str, email: str }, ['id', 'email']), backward: ['required-property-added'], forward: [] },
  { name: 'required property removed', old: object({ id: str, email: str }, ['id', 'email']), new: object({ id: str }, ['id']), backward: [], forward: ['required-property-added'] },
  { name: 'optional property made required', old: object({ id: str, email: str }, ['id']), new: object({ id: str, email: str }, ['id', 'email']), backward: ['property-became-required'], forward: [] },
  { name: 'required property made optional', old: object({ id: str, email: str }, ['id', 'email']), new: object({ id: str, email: str }, ['id']), backward: [], forward: ['property-became-required'] },
  { name: 'type widened to a union', old: object({ v: str }), new: object({ v: { type: ['string', 'number'] } }), backward: [], forward: ['type-narrowed'] },
  { name: 'type narrowed from a union', old: object({ v: { type: ['string', 'number'] } }), new: object({ v: str }), backward: ['type-narrowed'], forward: [] },
  { name: 'type changed (object to string)', old: object({ v: object({ a: str }) }), new: object({ v: str }), backward: ['type-narrowed'], forward: ['type-narrowed'] },
  { name: 'made nullable', old: object({ v: str }), new: object({ v: { type: ['string', 'null'] } }), backward: [], forward: ['nullability-removed'] },
  { name: 'nullability removed', old: object({ v: { type: ['string', 'null'] } }), new: object({ v: str }), backward: ['nullability-removed'], forward: [] },
  { name: 'integer widened to number', old: object({ v: int }), new: object({ v: { type: 'number' } }), backward: [], forward: ['type-narrowed'] },
  { name: 'type restriction added', old: object({ v: {} }), new: object({ v: str }), backward: ['type-narrowed'], forward: [] },
  { name: 'enum widened', old: object({ c: { type: 'string', enum: ['EUR'] } }), new: object({ c: { type: 'string', enum: ['EUR', 'USD'] } }), backward: [], forward: ['enum-narrowed'] },
  { name: 'enum narrowed', old: object({ c: { type: 'string', enum: ['EUR', 'USD'] } }), new: object({ c: { type: 'string', enum: ['EUR'] } }), backward: ['enum-narrowed'], forward: [] },
  { name: 'enum reordered', old: object({ c: { enum: ['a', 'b'] } }), new: object({ c: { enum: ['b', 'a'] } }), backward: [], forward: [] },
  { name: 'enum added to a free string', old: object({ c: str }), new: object({ c: { type: 'string', enum: ['EUR'] } }), backward: ['enum-added'], forward: [] },
  { name: 'enum removed', old: object({ c: { type: 'string', enum: ['EUR'] } }), new: object({ c: str }), backward: [], forward: ['enum-added'] },
  { name: 'maxLength lowered', old: object({ s: { type: 'string', maxLength: 64 } }), new: object({ s: { type: 'string', maxLength: 32 } }), backward: ['constraint-tightened'], forward: [] },
  { name: 'maxLength raised', old: object({ s: { type: 'string', maxLength: 32 } }), new: object({ s: { type: 'string', maxLength: 64 } }), backward: [], forward: ['constraint-tightened'] },
  { name: 'minLength added', old: object({ s: str }), new: object({ s: { type: 'string', minLength: 1 } }), backward: ['constraint-tightened'], forward: [] },
  { name: 'pattern added', old: object({ s: str }), new: object({ s: { type: 'string', pattern: '^ord_' } }), backward: ['pattern-changed'], forward: [] },
  { name: 'pattern changed', old: object({ s: { type: 'string', pattern: '^ord_' } }), new: object({ s: { type: 'string', pattern: '^o_' } }), backward: ['pattern-changed'], forward: ['pattern-changed'] },
  { name: 'format added', old: object({ t: str }), new: object({ t: { type: 'string', format: 'date-time' } }), backward: ['format-changed'], forward: [] },
  { name: 'minimum raised', old: object({ n: { type: 'integer', minimum: 0 } }), new: object({ n: { type: 'integer', minimum: 1 } }), backward: ['constraint-tightened'], forward: [] },
  { name: 'maximum removed', old: object({ n: { type: 'integer', maximum: 10 } }), new: object({ n: int }), backward: [], forward: ['constraint-tightened'] },
  { name: 'minimum made exclusive (draft-04 boolean)', old: object({ n: { type: 'number', minimum: 0 } }), new: object({ n: { type: 'number', minimum: 0, exclusiveMinimum: true } }), backward: ['constraint-tightened'], forward: [] },
  { name: 'multipleOf refined from 2 to 4', old: object({ n: { type: 'integer', multipleOf: 2 } }), new: object({ n: { type: 'integer', multipleOf: 4 } }), backward: ['constraint-tightened'], forward: [] },
  {
    name: 'nested property made required',
    old: object({ customer: object({ id: str, email: str }, ['id']) }),
    new: object({ customer: object({ id: str, email: str }, ['id', 'email']) }),
    backward: ['property-became-required'],
    forward: [],
  },
  { name: 'array items narrowed', old: object({ xs: { type: 'array', items: { type: 'number' } } }), new: object({ xs: { type: 'array', items: int } }), backward: ['type-narrowed'], forward: [] },
  { name: 'minItems raised', old: object({ xs: { type: 'array', items: str } }), new: object({ xs: { type: 'array', items: str, minItems: 1 } }), backward: ['constraint-tightened'], forward: [] },
  { name: 'uniqueItems added', old: object({ xs: { type: 'array', items: str } }), new: object({ xs: { type: 'array', items: str, uniqueItems: true } }), backward: ['items-unique-required'], forward: [] },
  { name: 'tuple items changed', old: object({ p: { type: 'array', items: [str, int] } }), new: object({ p: { type: 'array', items: [str, str] } }), backward: ['unsupported-keyword-changed'], forward: ['unsupported-keyword-changed'] },
  {
    name: 'inline schema moved behind an equal $ref',
    old: object({ lines: { type: 'array', items: lineV1 } }),
    new: { ...object({ lines: { type: 'array', items: { $ref: '#/definitions/Line' } } }), definitions: { Line: lineV1 } },
    backward: [],
    forward: [],
  },
  {
    name: 'required field added inside a $ref definition',
    old: { ...object({ lines: { type: 'array', items: { $ref: '#/definitions/Line' } } }), definitions: { Line: lineV1 } },
    new: { ...object({ lines: { type: 'array', items: { $ref: '#/definitions/Line' } } }), definitions: { Line: object({ sku: str, quantity: int, tax: int }, ['sku', 'quantity', 'tax']) } },
    backward: ['required-property-added'],
    forward: [],
  },
  { name: 'recursive $ref unchanged', old: tree(str), new: tree(str), backward: [], forward: [] },
  { name: 'recursive union with annotations unchanged', old: jsonValue(str), new: jsonValue(str), backward: [], forward: [] },
  { name: 'recursive union leaf widened', old: jsonValue(str), new: jsonValue({ type: ['string', 'number'] }), backward: [], forward: ['union-branch-missing'] },
  { name: 'recursive $ref leaf narrowed', old: tree({ type: ['string', 'null'] }), new: tree(str), backward: ['nullability-removed'], forward: [] },
  {
    name: 'open content model closed (additionalProperties true to false)',
    old: object({ id: str }, [], { additionalProperties: true }),
    new: object({ id: str }, [], { additionalProperties: false }),
    backward: ['content-model-closed'],
    forward: [],
  },
  {
    name: 'additionalProperties schema tightened',
    old: object({}, [], { additionalProperties: str }),
    new: object({}, [], { additionalProperties: { type: 'string', maxLength: 5 } }),
    backward: ['constraint-tightened'],
    forward: [],
  },
  {
    name: 'property added to an explicitly open model must accept what it allowed',
    old: object({ id: str }, [], { additionalProperties: { type: 'string' } }),
    new: object({ id: str, n: int }, [], { additionalProperties: { type: 'string' } }),
    backward: ['type-narrowed'],
    forward: ['type-narrowed'],
  },
  { name: 'anyOf widened', old: object({ v: str }), new: object({ v: { anyOf: [str, int] } }), backward: [], forward: ['type-narrowed'] },
  {
    name: 'oneOf branch removed',
    old: object({ p: { oneOf: [object({ card: str }, ['card']), object({ iban: str }, ['iban'])] } }),
    new: object({ p: { oneOf: [object({ card: str }, ['card'])] } }),
    backward: ['union-branch-missing'],
    forward: [],
  },
  {
    name: 'allOf flattened into an equal schema',
    old: { allOf: [object({ a: str }, ['a']), object({ b: int })] },
    new: object({ a: str, b: int }, ['a']),
    backward: [],
    forward: [],
  },
  { name: 'maxProperties added', old: object({}), new: object({}, [], { maxProperties: 3 }), backward: ['constraint-tightened'], forward: [] },
  { name: 'unsupported keyword (not) changed', old: object({ s: { type: 'string', not: { enum: ['x'] } } }), new: object({ s: { type: 'string', not: { enum: ['y'] } } }), backward: ['unsupported-keyword-changed'], forward: ['unsupported-keyword-changed'] },
];
