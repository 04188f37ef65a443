import { describe, expect, test } from '@jest/globals';
import { compilePattern, InvalidEventPatternError, matchesPattern, validatePattern } from '../../../local/eventbridge/index';

/** The reason AWS gives for an invalid pattern (the text after "Reason: "). */
function reasonFor(pattern: unknown): string | undefined {
  try {
    validatePattern(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidEventPatternError) return error.reason;
    throw error;
  }
}

// Cases from the EventBridge user guide ("Content filtering in Amazon EventBridge event patterns",
// "Arrays in event patterns") and aws/event-ruler's README, for what the recorded cases leave open.
describe('operators the AWS documentation describes', () => {
  test.each([
    ['exact string', { a: ['x'] }, { a: 'x' }, true],
    ['exact string is case sensitive', { a: ['x'] }, { a: 'X' }, false],
    ['a number pattern never matches the same digits as a string', { a: [300] }, { a: '300' }, false],
    ['3e2 and 300.0 are the same number', { a: [3e2] }, '{"a":300.0}', true],
    ['null matches only null', { a: [null] }, { a: 'null' }, false],
    ['prefix with equals-ignore-case', { a: [{ prefix: { 'equals-ignore-case': 'ORD' } }] }, { a: 'order.placed' }, true],
    ['suffix is case sensitive', { a: [{ suffix: '.PNG' }] }, { a: 'x.png' }, false],
    ['equals-ignore-case folds full Unicode case (ß = SS)', { a: [{ 'equals-ignore-case': 'STRASSE' }] }, { a: 'straße' }, true],
    ['equals-ignore-case does not match numbers', { a: [{ 'equals-ignore-case': '1' }] }, { a: 1 }, false],
    ['wildcard \\* matches a literal star', { a: [{ wildcard: 'a\\*b' }] }, { a: 'a*b' }, true],
    ['wildcard \\* does not match other text', { a: [{ wildcard: 'a\\*b' }] }, { a: 'axb' }, false],
    ['wildcard * matches the empty run', { a: [{ wildcard: 'a*b' }] }, { a: 'ab' }, true],
    ['numeric closed range includes its ends', { a: [{ numeric: ['>=', 0, '<=', 5] }] }, { a: 5 }, true],
    ['numeric open range excludes its ends', { a: [{ numeric: ['>', 0, '<', 5] }] }, { a: 5 }, false],
    ['numeric = compares values', { a: [{ numeric: ['=', 301.8] }] }, { a: 301.8 }, true],
    ['cidr matches an IPv4 address in the block', { ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '10.255.1.2' }, true],
    ['cidr never matches across address families', { ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '::a00:1' }, false],
    ['an exact IP literal matches the same address written differently', { ip: ['2001:db8::1'] }, { ip: '2001:0db8:0:0::1' }, true],
    ['exists true matches null', { a: [{ exists: true }] }, { a: null }, true],
    ['exists false matches an object-only path', { a: [{ exists: false }] }, { a: { b: 1 } }, true],
    ['exists false fails when the field has a value', { a: [{ exists: false }] }, { a: 'v' }, false],
    ['anything-but on an array matches when some element differs', { a: [{ 'anything-but': 'x' }] }, { a: ['x', 'y'] }, true],
    ['anything-but on an array fails when every element is excluded', { a: [{ 'anything-but': ['x', 'y'] }] }, { a: ['x', 'y'] }, false],
    ['anything-but numbers lets strings through', { a: [{ 'anything-but': [1, 2] }] }, { a: '1' }, true],
    ['anything-but fails on an empty array (no value)', { a: [{ 'anything-but': 'x' }] }, { a: [] }, false],
    ['arrays: any element of the event may match', { a: ['x'] }, { a: ['y', 'x'] }, true],
    ['an event with several arrays nested matches an inner element', { a: ['x'] }, { a: [['y'], ['x']] }, true],
    ['dotted pattern keys equal nested objects', { 'a.b': ['x'] }, { a: { b: 'x' } }, true],
    ['$or at the top level', { $or: [{ a: ['x'] }, { b: ['y'] }] }, { b: 'y' }, true],
    ['$or nested inside $or', { $or: [{ a: ['x'] }, { $or: [{ b: ['y'] }, { c: ['z'] }] }] }, { c: 'z' }, true],
    ['$or with fields outside it (AND)', { s: ['s'], $or: [{ a: ['x'] }, { b: ['y'] }] }, { s: 't', a: 'x' }, false],
  ])('%s', (_name, pattern, event, expected) => {
    expect(matchesPattern(pattern, event)).toBe(expected);
  });
});

describe('objects inside arrays', () => {
  const pattern = { items: { sku: ['a'], qty: [2] } };
  const event = { items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }] };

  test('fields must match within the same array element, as aws/event-ruler does (default)', () => {
    expect(matchesPattern(pattern, event)).toBe(false);
    expect(matchesPattern(pattern, { items: [{ sku: 'b', qty: 1 }, { sku: 'a', qty: 2 }] })).toBe(true);
  });

  test("the 'any-element' switch lets each field match a different element", () => {
    expect(matchesPattern(pattern, event, { arrayMatching: 'any-element' })).toBe(true);
  });

  test('elements of different arrays combine freely', () => {
    expect(matchesPattern({ a: { x: ['1'] }, b: { y: ['2'] } }, { a: [{ x: '1' }], b: [{ y: '0' }, { y: '2' }] })).toBe(true);
  });

  test('nested arrays: fields must share every enclosing element', () => {
    const nested = { o: [{ i: [{ k: 'a', v: 1 }] }, { i: [{ k: 'b', v: 2 }] }] };
    expect(matchesPattern({ o: { i: { k: ['a'], v: [2] } } }, nested)).toBe(false);
    expect(matchesPattern({ o: { i: { k: ['b'], v: [2] } } }, nested)).toBe(true);
  });
});

describe('invalid patterns get AWS reasons', () => {
  test.each([
    ['an empty pattern', {}, 'Empty objects are not allowed'],
    ['an empty nested object', { detail: {} }, 'Empty objects are not allowed'],
    ['a scalar leaf', { source: 'x' }, '"source" must be an object or an array'],
    ['an array inside a value list', { a: [['x']] }, 'Match value must be String, number, true, false, or null'],
    ['an empty match expression', { a: [{}] }, 'Match expression name not found'],
    ['an unknown operator', { a: [{ regex: 'x' }] }, 'Unrecognized match type regex'],
    ['an upper-case operator', { a: [{ PREFIX: 'x' }] }, 'Unrecognized match type PREFIX'],
    ['two operators in one object', { a: [{ prefix: 'x', suffix: 'y' }] }, 'Only one key allowed in match expression'],
    ['numeric with another key', { a: [{ numeric: ['>', 1], prefix: 'x' }] }, 'Too many elements in numeric expression'],
    ['exists that is not a boolean', { a: [{ exists: 'yes' }] }, 'exists match pattern must be either true or false.'],
    ['an unknown numeric operator', { a: [{ numeric: ['!=', 1] }] }, 'Unrecognized numeric range operator: !='],
    ['a numeric range with an extra term', { a: [{ numeric: ['>', 1, '<', 5, 6] }] }, 'Too many terms in numeric range expression'],
    ['a numeric range upper bound that is not an operator', { a: [{ numeric: ['>', 1, 5] }] }, 'Bad value in numeric range: 5'],
    ['an empty numeric expression', { a: [{ numeric: [] }] }, 'Invalid member in numeric match: ]'],
    ['= followed by more', { a: [{ numeric: ['=', 1, '<', 2] }] }, 'Too many elements in numeric expression'],
    ['mixed anything-but list', { a: [{ 'anything-but': ['x', 1] }] }, 'Inside anything but list, either all values are number or string, mixed type is not supported'],
    ['a boolean anything-but', { a: [{ 'anything-but': true }] }, 'Value of anything-but must be an array or single string/number value.'],
    ['an unknown anything-but operator', { a: [{ 'anything-but': { numeric: ['>', 1] } }] }, 'Unsupported anything-but pattern: numeric'],
    ['a wildcard with a bad escape', { a: [{ wildcard: 'a\\b' }] }, 'Invalid escape character at pos 2'],
    ['consecutive wildcards', { a: [{ wildcard: 'a**' }] }, 'Consecutive wildcard characters at pos 2'],
    ['a CIDR with a negative mask', { a: [{ cidr: '10.0.0.0/-1' }] }, 'Malformed CIDR, mask bits must not be negative'],
    ['a CIDR with an out-of-range octet', { a: [{ cidr: '10.0.0.300/8' }] }, 'Invalid IP address: 10.0.0.300'],
    ['a CIDR without mask', { a: [{ cidr: '10.0.0.0/' }] }, "Malformed CIDR, one '/' required"],
    ['an unsupported prefix modifier', { a: [{ prefix: { wildcard: 'x' } }] }, 'Unsupported prefix pattern: wildcard'],
    ['a single-element $or', { $or: [{ a: ['x'] }] }, 'There must have at least 2 Objects in $or relationship.'],
    ['$or that is not an array', { $or: { a: ['x'] } }, 'It must be an Array followed with $or.'],
    ['$or holding a non-object', { $or: [{ a: ['x'] }, 'b'] }, 'Only JSON object is allowed in array of $or relationship.'],
    ['an operator name as a field inside $or', { $or: [{ a: ['x'] }, { numeric: ['y'] }] }, 'numeric is Ruler reserved fieldName which cannot be used inside $or.'],
  ])('%s', (_name, pattern, reason) => {
    expect(reasonFor(pattern)).toBe(reason);
  });

  test('a pattern that is not an object, given as text, has Jackson\'s location', () => {
    expect(() => validatePattern('"just a string"')).toThrow(
      'Event pattern is not valid. Reason: Filter is not an object\n at [Source: (String)""just a string""; line: 1, column: 16]',
    );
  });

  test('truncated JSON is an end-of-input error', () => {
    expect(reasonFor('{"source": ["a"]')).toMatch(/^Unexpected end-of-input: expected close marker for OBJECT/);
  });

  test('like Jackson, text after the pattern object is ignored', () => {
    expect(reasonFor('{"source": ["a"]} trailing')).toBeUndefined();
  });
});

describe('compilePattern', () => {
  test('compiles once and matches many events, given as text or objects', () => {
    const compiled = compilePattern('{"detail-type":["OrderPlaced"]}');
    expect(compiled.matches({ 'detail-type': 'OrderPlaced' })).toBe(true);
    expect(compiled.matches('{"detail-type":"OrderPaid"}')).toBe(false);
  });

  test('expands $or into one branch per alternative', () => {
    expect(compilePattern({ a: ['x'], $or: [{ b: ['y'] }, { c: ['z'] }] }).branches).toHaveLength(2);
  });
});

describe('the first problem reported is the first in the text', () => {
  test('an integer-like key after an invalid field does not jump the queue', () => {
    expect(reasonFor('{"b": [], "1": 5}')).toBe('Empty arrays are not allowed');
  });

  test('operators are read in the order written', () => {
    expect(reasonFor('{"a": [{"suffix": 1, "1": "x"}]}')).toBe('suffix match pattern must be a string');
  });
});

describe('duplicate keys in pattern text', () => {
  // LocalStack's AWS-validated test_event_pattern_with_multi_key (docs' complex example): AWS answers
  // true, so the later "location" replaces the earlier one instead of adding to it.
  test('the later occurrence of a key replaces the earlier one', () => {
    const pattern = '{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}';
    expect(matchesPattern(pattern, { detail: { location: 'eu-central-1' } })).toBe(true);
  });
});
