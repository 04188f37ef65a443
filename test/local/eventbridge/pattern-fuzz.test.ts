import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { compilePattern, InvalidEventPatternError, validatePattern } from '../../../local/eventbridge/index';

/** Patterns come from users and templates: the engine must answer with AWS's error or not at all. */
function onlyPatternErrors(pattern: unknown): void {
  try {
    validatePattern(pattern);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventPatternError);
    expect((error as Error).message.startsWith('Event pattern is not valid. Reason: ')).toBe(true);
  }
}

describe('pattern fuzzing', () => {
  test('any JSON value, parsed or as text, is accepted or refused with InvalidEventPatternError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        onlyPatternErrors(value);
        onlyPatternErrors(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  test('arbitrary text is accepted or refused with InvalidEventPatternError', () => {
    fc.assert(fc.property(fc.string(), (text) => onlyPatternErrors(text)), { numRuns: 500 });
  });

  test('a valid pattern matches any JSON object without throwing', () => {
    const compiled = compilePattern({
      a: [{ prefix: 'x' }, { numeric: ['>', 0] }, { cidr: '10.0.0.0/8' }, { 'anything-but': { wildcard: '*z' } }],
      b: { c: [{ exists: false }, { 'equals-ignore-case': 'Q' }] },
    });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.jsonValue()), (event) => {
        expect(typeof compiled.matches(event)).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});

describe('wildcard matching', () => {
  /** Reference: the same wildcard as an anchored regular expression. */
  function reference(wildcard: string, value: string): boolean {
    const source = wildcard.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
    return new RegExp(`^${source}$`).test(value);
  }

  test('agrees with an anchored regular expression on random wildcards and values', () => {
    const alphabet = fc.constantFrom('a', 'b', '/', '.');
    const wildcard = fc
      .array(fc.oneof(alphabet, fc.constant('*')), { maxLength: 8 })
      .map((chars) => chars.join('').replace(/\*{2,}/g, '*'));
    const value = fc.array(alphabet, { maxLength: 12 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(wildcard, value, (w, v) => {
        expect(compilePattern({ f: [{ wildcard: w }] }).matches({ f: v })).toBe(reference(w, v));
      }),
      { numRuns: 2000 },
    );
  });
});
