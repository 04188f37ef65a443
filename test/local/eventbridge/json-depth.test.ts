import { describe, expect, test } from '@jest/globals';
import { jsonTextDepth, nestingDepthMessage, valueDepth } from '../../../local/eventbridge/json-depth';

describe('jsonTextDepth', () => {
  test('counts the deepest object or array nesting; a scalar is 0', () => {
    expect(jsonTextDepth('1')).toBe(0);
    expect(jsonTextDepth('{"a":[1,{"b":[]}]}')).toBe(4);
  });

  test('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonTextDepth('{"a":"[[[{{{\\"[[["}')).toBe(1);
  });

  test('stops counting once past the cap, so a huge document costs little', () => {
    expect(jsonTextDepth('['.repeat(100_000), 10)).toBe(11);
  });
});

describe('valueDepth', () => {
  test('measures a parsed value 100,000 levels deep without recursion', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(valueDepth(deep)).toBe(100_000);
    expect(valueDepth({ a: [1, { b: {} }] })).toBe(4);
  });
});

test('the message is Jackson\'s own', () => {
  expect(nestingDepthMessage(1001)).toBe('Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)');
});
