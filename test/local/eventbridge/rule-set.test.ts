import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { compilePattern, InvalidEventPatternError, RuleSet } from '../../../local/eventbridge/index';

const orderPlaced = { source: 'orders-service', 'detail-type': 'OrderPlaced', detail: { data: { totalCents: 4995 } } };

describe('RuleSet', () => {
  const rules = [
    { name: 'inventory', pattern: { source: ['orders-service'], 'detail-type': ['OrderPlaced'] } },
    { name: 'shipping', pattern: { 'detail-type': ['OrderPaid'] } },
    { name: 'big-orders', pattern: { detail: { data: { totalCents: [{ numeric: ['>', 1000] }] } } } },
    { name: 'everything-from-orders', pattern: '{"source":[{"prefix":"orders"}]}' },
  ];

  test('returns the names of the matching rules in the order they were given', () => {
    expect(new RuleSet(rules).match(orderPlaced)).toEqual(['inventory', 'big-orders', 'everything-from-orders']);
  });

  test('matches events given as JSON text', () => {
    expect(new RuleSet(rules).match(JSON.stringify({ ...orderPlaced, 'detail-type': 'OrderPaid' }))).toEqual([
      'shipping',
      'big-orders',
      'everything-from-orders',
    ]);
  });

  test('matchIndexes gives positions, so callers can map back to their own rule objects', () => {
    expect(new RuleSet(rules).matchIndexes({ source: 'billing', 'detail-type': 'OrderPaid' })).toEqual([1]);
  });

  test('an invalid rule pattern names the rule and keeps AWS\'s message', () => {
    let thrown: unknown;
    try {
      new RuleSet([{ name: 'broken', pattern: { source: [] } }]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidEventPatternError);
    expect((thrown as InvalidEventPatternError).ruleName).toBe('broken');
    expect((thrown as InvalidEventPatternError).message).toBe('Event pattern is not valid. Reason: Empty arrays are not allowed');
  });

  test('a rule with $or is found through any of its branches', () => {
    const set = new RuleSet([{ name: 'either', pattern: { $or: [{ source: ['a'] }, { 'detail-type': ['b'] }] } }]);
    expect(set.match({ source: 'x', 'detail-type': 'b' })).toEqual(['either']);
    expect(set.match({ source: 'a', 'detail-type': 'x' })).toEqual(['either']);
    expect(set.match({ source: 'x', 'detail-type': 'x' })).toEqual([]);
  });
});

// Random patterns and events over a small vocabulary, so that matches are frequent.
const word = fc.constantFrom('a', 'b', 'ab', 'B', 'orders', '10.0.0.1');
const scalar = fc.oneof(word, fc.integer({ min: -3, max: 3 }), fc.constantFrom(true, false, null));
const matcher = fc.oneof(
  scalar,
  word.map((w) => ({ prefix: w })),
  word.map((w) => ({ suffix: w })),
  word.map((w) => ({ 'equals-ignore-case': w })),
  word.map((w) => ({ wildcard: `*${w}` })),
  fc.array(word, { minLength: 1, maxLength: 2 }).map((ws) => ({ 'anything-but': ws })),
  fc.integer({ min: -3, max: 3 }).map((n) => ({ numeric: ['>=', n] })),
  fc.boolean().map((b) => ({ exists: b })),
  fc.constant({ cidr: '10.0.0.0/24' }),
);
const field = fc.constantFrom('source', 'detail-type', 'x', 'y');
const fieldPattern = fc.dictionary(field, fc.array(matcher, { minLength: 1, maxLength: 3 }), { minKeys: 1, maxKeys: 3 });
const pattern = fc.oneof(
  fieldPattern,
  fc.tuple(fieldPattern, fieldPattern).map(([p, q]) => ({ $or: [p, q] })),
  fieldPattern.map((p) => ({ detail: p })),
);
const eventValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
const event = fc
  .dictionary(field, eventValue, { maxKeys: 4 })
  .chain((top) => fc.dictionary(field, eventValue, { maxKeys: 3 }).map((detail) => ({ ...top, detail })));

describe('RuleSet property', () => {
  test('agrees with trying every compiled rule in turn, for random rules and events', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 25 }), fc.array(event, { minLength: 1, maxLength: 10 }), (patterns, events) => {
        const rules = patterns.map((p, i) => ({ name: `rule-${i}`, pattern: p }));
        const set = new RuleSet(rules);
        const naive = rules.map((r) => ({ name: r.name, compiled: compilePattern(r.pattern) }));
        for (const e of events) {
          expect(set.match(e)).toEqual(naive.filter((r) => r.compiled.matches(e)).map((r) => r.name));
        }
      }),
      { numRuns: 300 },
    );
  });
});
