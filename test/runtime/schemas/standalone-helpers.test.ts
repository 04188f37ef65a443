import ucs2lengthModule from 'ajv/dist/runtime/ucs2length';
import { fullFormats } from 'ajv-formats/dist/formats';
import fc from 'fast-check';
import * as helpers from '../../../runtime/schemas/standalone-helpers';
import { COMPILED_FORMAT_EXPORTS, dateFormat, dateTimeFormat, timeFormat, ucs2length } from '../../../runtime/schemas/standalone-helpers';

// ajv's CommonJS default export, however the loader hands it over.
const ajvUcs2length = ((ucs2lengthModule as unknown as { default?: unknown }).default ?? ucs2lengthModule) as (s: string) => number;
const ajvFormat = (name: 'date' | 'time' | 'date-time') => (fullFormats[name] as { validate: (s: string) => boolean }).validate;

/** Strings near the formats' shape: digits, separators, zones, leap seconds, and arbitrary junk. */
const dateTimeLike = fc.oneof(
  fc.string(),
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.constantFrom('T', 't', ' ', 'x'),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 61 }),
      fc.constantFrom('', '.5', '.123456'),
      fc.constantFrom('', 'Z', 'z', '+01:00', '-23:59', '+24:00', '+0130', '-00:60'),
    )
    .map(([y, mo, d, sep, h, mi, s, frac, tz]) => {
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      return `${p(y, 4)}-${p(mo)}-${p(d)}${sep}${p(h)}:${p(mi)}:${p(s)}${frac}${tz}`;
    }),
);

describe('standalone validator helpers agree with ajv and ajv-formats', () => {
  test('ucs2length counts code points as ajv does, surrogate pairs and lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => ucs2length(s) === ajvUcs2length(s)), { numRuns: 2000 });
    expect(ucs2length('a😀b\ud800')).toBe(ajvUcs2length('a😀b\ud800'));
  });

  test.each([
    ['date-time', dateTimeFormat],
    ['date', dateFormat],
    ['time', timeFormat],
  ] as const)('format %s accepts and refuses exactly what ajv-formats does', (name, format) => {
    const parts = (s: string) => (name === 'date-time' ? [s] : name === 'date' ? [s, s.slice(0, 10)] : [s, s.slice(11)]);
    fc.assert(
      fc.property(dateTimeLike, (s) => parts(s).every((candidate) => format.validate(candidate) === ajvFormat(name)(candidate))),
      { numRuns: 3000 },
    );
    for (const sample of ['2024-02-29T23:59:60Z', '2023-02-29T10:00:00Z', '2026-11-23T10:30:42Z', '2026-11-23T10:30:42', '23:59:60+00:00']) {
      for (const candidate of parts(sample)) expect(format.validate(candidate)).toBe(ajvFormat(name)(candidate));
    }
  });

  test('the export generated code imports for each format is that format', () => {
    for (const [name, exportName] of Object.entries(COMPILED_FORMAT_EXPORTS)) {
      const format = (helpers as unknown as Record<string, { validate: (s: string) => boolean }>)[exportName]!;
      expect([name, format.validate('2026-11-23T10:30:42Z'), format.validate('2026-11-23'), format.validate('10:30:42Z')]).toEqual([
        name,
        ajvFormat(name as 'date').call(undefined, '2026-11-23T10:30:42Z'),
        ajvFormat(name as 'date')('2026-11-23'),
        ajvFormat(name as 'date')('10:30:42Z'),
      ]);
    }
  });
});
