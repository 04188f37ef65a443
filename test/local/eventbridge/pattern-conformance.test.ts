import { describe, expect, test } from '@jest/globals';
import { InvalidEventError, InvalidEventPatternError, matchesPattern, validatePattern } from '../../../local/eventbridge/index';
import { readConformance, readSnapshot, type PatternCase } from './conformance';

// AWS's wildcard complexity limit (MachineComplexityEvaluator) is not reproduced; docs/patterns.md says so.
const COMPLEXITY_CASE = 'content_wildcard_complex_EXC';
const cases = readConformance<PatternCase[]>('event-pattern-cases.json');

describe('AWS-recorded TestEventPattern cases (event-pattern-cases.json)', () => {
  test('the file holds the 155 recorded cases', () => {
    expect(cases).toHaveLength(155);
  });

  const matching = cases.filter((c) => c.expected !== 'error').map((c) => [c.name, c] as const);
  test.each(matching)('%s', (_name, c) => {
    expect(matchesPattern(c.eventPatternJson, c.eventJson)).toBe(c.expected === 'match');
  });

  const errors = cases.filter((c) => c.expected === 'error' && c.name !== COMPLEXITY_CASE).map((c) => [c.name, c] as const);
  test.each(errors)('%s', (_name, c) => {
    let thrown: unknown;
    try {
      validatePattern(c.eventPatternJson);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidEventPatternError);
    expect((thrown as InvalidEventPatternError).code).toBe(c.awsError?.code);
    expect((thrown as InvalidEventPatternError).message).toBe(c.awsError?.message);
  });

  test('content_wildcard_complex_EXC: the rule-complexity limit is a documented gap, the pattern still matches as written', () => {
    const c = cases.find((x) => x.name === COMPLEXITY_CASE) as PatternCase;
    expect(matchesPattern(c.eventPatternJson, c.eventJson)).toBe(true);
  });
});

describe('AWS-recorded TestEventPattern errors (test_events_patterns.snapshot.json)', () => {
  const snapshot = readSnapshot('test_events_patterns.snapshot.json');
  const prefix = 'tests/aws/services/events/test_events_patterns.py::TestEventPattern::test_invalid_json_event_pattern[';
  const invalidJson = Object.entries(snapshot)
    .filter(([id]) => id.startsWith(prefix))
    .map(([id, content]) => {
      const error = (content['invalid-pattern'] as { Error: { Code: string; Message: string } }).Error;
      return [id.slice(prefix.length, -1), error] as const;
    });

  test('the snapshot records four invalid pattern texts', () => {
    expect(invalidJson).toHaveLength(4);
  });

  // The parametrize id is the pattern text itself, except that pytest shows one with single quotes.
  test.each(invalidJson)('pattern text %s gets Jackson\'s message with its location', (text, error) => {
    let thrown: unknown;
    try {
      validatePattern(text);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InvalidEventPatternError);
    expect((thrown as InvalidEventPatternError).code).toBe(error.Code);
    expect((thrown as InvalidEventPatternError).message).toBe(error.Message);
  });

  test.each([
    ['test_plain_string_payload', 'plain-string-payload-exc', 'plain string'],
    ['test_array_event_payload', 'array-event-payload-exc', '["not", "an", "object"]'],
  ])('%s: an event that is not a JSON object is "Parameter Event is not valid."', (testName, key, event) => {
    const recorded = snapshot[`tests/aws/services/events/test_events_patterns.py::TestEventPattern::${testName}`];
    const error = (recorded?.[key] as { Error: { Code: string; Message: string } }).Error;
    let thrown: unknown;
    try {
      matchesPattern('{"source":["x"]}', event);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InvalidEventError);
    expect([(thrown as InvalidEventError).code, (thrown as InvalidEventError).message]).toEqual([error.Code, error.Message]);
  });
});
