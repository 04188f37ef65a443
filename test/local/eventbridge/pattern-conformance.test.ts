import { describe, expect, test } from '@jest/globals';
import { InvalidEventPatternError, matchesPattern, validatePattern } from '../../../local/eventbridge/index';
import { readConformance, type PatternCase } from './conformance';

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
