import { propertyKey, quote, tsLiteral } from '../../../cli/add-consumer/ts-literal';

describe('tsLiteral', () => {
  test('single quotes, escaped quotes and backslashes, bare identifier keys', () => {
    expect(quote("it's a \\ \"path\"\n")).toBe("'it\\'s a \\\\ \"path\"\\n'");
    expect(propertyKey('$or')).toBe('$or');
    expect(propertyKey('detail-type')).toBe("'detail-type'");
  });

  test('stays on one line when it fits', () => {
    expect(tsLiteral({ source: ['a'], detail: { n: [{ numeric: ['>', 1] }], x: [null, true] } })).toBe(
      "{ source: ['a'], detail: { n: [{ numeric: ['>', 1] }], x: [null, true] } }",
    );
  });

  test('breaks a long value into one property per line, and evaluates back to the same value', () => {
    const value = { source: ['a'.repeat(50)], detail: { data: { 'some-field': ['b'.repeat(50)], other: [{ 'anything-but': ["it's"] }] } } };

    const text = tsLiteral(value);

    expect(text.split('\n').length).toBeGreaterThan(3);
    expect(new Function(`return ${text};`)()).toEqual(value);
  });
});
