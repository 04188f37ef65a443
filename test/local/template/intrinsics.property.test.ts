import fc from 'fast-check';
import { resolveIntrinsics, type IntrinsicContext } from '../../../local/template';

const ctx: IntrinsicContext = {
  where: 'Prop',
  ref: (name) => `ref:${name}`,
  getAtt: (id, attr) => `att:${id}.${attr}`,
  importValue: (name) => `import:${name}`,
  condition: () => true,
};

/** Keys that are never intrinsic function names. */
const plainKey = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== 'Ref' && k !== 'Condition' && !k.startsWith('Fn::'));
const plainJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(plainKey, tie('value'), { maxKeys: 4 }),
})).value;

describe('resolveIntrinsics properties', () => {
  it('returns template data without intrinsics unchanged', () => {
    fc.assert(fc.property(plainJson, (value) => expect(resolveIntrinsics(value, ctx)).toEqual(value)));
  });

  it('Fn::Join of plain strings is Array.join', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { maxLength: 6 }), (delimiter, parts) =>
        expect(resolveIntrinsics({ 'Fn::Join': [delimiter, parts] }, ctx)).toBe(parts.join(delimiter)),
      ),
    );
  });

  it('Fn::Select over Fn::Split picks the same part String.split gives', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 2 }), fc.array(fc.string(), { minLength: 1, maxLength: 5 }), fc.nat(), (delimiter, parts, n) => {
        const source = parts.join(delimiter);
        const split = source.split(delimiter);
        const index = n % split.length;
        expect(resolveIntrinsics({ 'Fn::Select': [index, { 'Fn::Split': [delimiter, source] }] }, ctx)).toBe(split[index]);
      }),
    );
  });

  it('Fn::Sub without placeholders returns the text, and ${!x} becomes ${x}', () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !s.includes('${')), fc.stringMatching(/^[A-Za-z]{1,8}$/), (text, name) =>
        expect(resolveIntrinsics({ 'Fn::Sub': `${text}\${!${name}}` }, ctx)).toBe(`${text}\${${name}}`),
      ),
    );
  });
});
