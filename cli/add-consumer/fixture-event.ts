import { matchesPattern } from '../../local/eventbridge/index';
import type { ConsumerSpec } from './consumer-spec';

type Json = Record<string, unknown>;

/** Marks a field `{"exists": false}` wants absent. */
const ABSENT = Symbol('absent');

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A fixture event and whether the local pattern engine confirms the consumer's pattern matches it. */
export interface FixtureEvent {
  readonly event: Json;
  /** False only for patterns whose conditions the generator could not satisfy: the user must edit the fixture. */
  readonly matches: boolean;
}

/**
 * An EventBridge event, as the consumer's Lambda receives it, that the consumer's pattern matches:
 * EventBridge's fields, the project's envelope (`detail.metadata` with eventId, sequence, ...) and
 * `detail.data`, with a value satisfying each of the pattern's conditions (the first satisfiable
 * alternative of each, the first branch of an `$or`) and a value at the ordering-key path. Fixed
 * values, so generating twice writes the same file.
 */
export function fixtureEvent(spec: ConsumerSpec): FixtureEvent {
  const source = firstString(spec.pattern['source']) ?? 'example-service';
  const detailType = firstString(spec.pattern['detail-type']) ?? 'ExampleHappened';
  const event: Json = {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': detailType,
    source,
    account: '123456789012',
    time: '2026-01-01T00:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      metadata: {
        eventId: '01JGZ8X6Y3T9D4W2QH5K7M1N0P',
        eventType: eventTypeOf(detailType),
        eventVersion: '1',
        occurredAt: '2026-01-01T00:00:00.000Z',
        producer: source,
        correlationId: 'example-correlation-id',
        sequence: 1,
      },
      data: {},
    },
  };
  satisfy(event, spec.pattern, true);
  if (spec.orderBy !== undefined) ensureValueAt(event, spec.orderBy.slice(2).split('.'));
  return { event, matches: matchesPattern(spec.pattern, event) };
}

/** `OrderPaid` -> `order.paid`, the envelope's dotted event type. */
function eventTypeOf(detailType: string): string {
  const words = detailType.replace(/([a-z0-9])([A-Z])/g, '$1.$2').toLowerCase().replace(/[^a-z0-9.]+/g, '.');
  return words.replace(/^\.+|\.+$/g, '') || 'example.happened';
}

function firstString(alternatives: unknown): string | undefined {
  if (!Array.isArray(alternatives)) return undefined;
  const plain = alternatives.find((a): a is string => typeof a === 'string');
  return plain ?? alternatives.map((a) => candidatesFor(a).find((c): c is string => typeof c === 'string' && passes(a, c))).find((c) => c !== undefined);
}

/** Sets in `target` a value for every field of `pattern` (one level of the pattern's object tree). */
function satisfy(target: Json, pattern: Json, topLevel = false): void {
  for (const [key, condition] of Object.entries(pattern)) {
    if (key === '$or' && Array.isArray(condition)) {
      const first = condition.find(isObject);
      if (first !== undefined) satisfy(target, first, topLevel);
    } else if (Array.isArray(condition)) {
      const value = valueFor(condition);
      if (value === ABSENT) delete target[key];
      // `resources` is an array of strings in every event; EventBridge matches any element of it.
      else target[key] = topLevel && key === 'resources' ? [value] : value;
    } else if (isObject(condition)) {
      if (!isObject(target[key])) target[key] = {};
      satisfy(target[key] as Json, condition);
    }
  }
}

/** A value one of the alternatives accepts, checked with the pattern engine itself; ABSENT for `{"exists": false}`. */
function valueFor(alternatives: readonly unknown[]): unknown {
  for (const alternative of alternatives) {
    if (isObject(alternative) && alternative['exists'] === false) return ABSENT;
    for (const candidate of candidatesFor(alternative)) if (passes(alternative, candidate)) return candidate;
  }
  return 'example';
}

/** Whether a field holding `value` satisfies the single condition `alternative`. */
function passes(alternative: unknown, value: unknown): boolean {
  try {
    return matchesPattern({ field: [alternative] }, { field: value });
  } catch {
    return false;
  }
}

/** Values to try for one condition, the likeliest first. */
function candidatesFor(alternative: unknown): unknown[] {
  if (!isObject(alternative)) return [alternative];
  const [operator, operand] = Object.entries(alternative)[0] ?? [];
  const fallbacks = ['example', 'example-value', 'other', 0, 1, 42, 12345.5, -1, true];
  switch (operator) {
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
      return [isObject(operand) ? Object.values(operand)[0] : operand, ...fallbacks];
    case 'wildcard':
      return [typeof operand === 'string' ? operand.replace(/\\\*/g, '\u0000').replace(/\*/g, '').replace(/\\\\/g, '\\').replace(/\u0000/g, '*') : 'example', ...fallbacks];
    case 'numeric':
      return [...numbersWithin(Array.isArray(operand) ? operand : []), ...fallbacks];
    case 'cidr':
      return [typeof operand === 'string' ? operand.split('/')[0] : '10.0.0.1', '10.0.0.1'];
    default:
      return fallbacks;
  }
}

/** Numbers that may satisfy a `numeric` range such as `[">", 0, "<=", 5]`. */
function numbersWithin(range: readonly unknown[]): number[] {
  let low: number | undefined;
  let high: number | undefined;
  const exact: number[] = [];
  for (let i = 0; i + 1 < range.length; i += 2) {
    const operator = range[i];
    const bound = Number(range[i + 1]);
    if (operator === '=') exact.push(bound);
    else if (operator === '>' || operator === '>=') low = bound;
    else if (operator === '<' || operator === '<=') high = bound;
  }
  const candidates = [...exact];
  if (low !== undefined && high !== undefined) candidates.push((low + high) / 2, low, high);
  if (low !== undefined) candidates.push(low + 1, low);
  if (high !== undefined) candidates.push(high - 1, high);
  return candidates;
}

/** Gives the ordering-key path a value when the pattern did not, creating the objects on the way. */
function ensureValueAt(event: Json, segments: readonly string[]): void {
  let node = event;
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (last) {
      if (node[segment] === undefined) node[segment] = `example-${segment}`;
      return;
    }
    if (!isObject(node[segment])) {
      if (node[segment] !== undefined) return; // a scalar on the way: the key check already refused such paths
      node[segment] = {};
    }
    node = node[segment] as Json;
  }
}
