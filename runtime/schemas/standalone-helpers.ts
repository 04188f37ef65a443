/**
 * The helpers the generated standalone validators call, instead of `require`-ing them from ajv and
 * ajv-formats: ESM imports that every loader agrees on (esbuild, Node, jest), and a few hundred
 * bytes instead of ajv-formats' every format. Each is ajv's (8.20) or ajv-formats' (3.0) code,
 * unchanged; test/schemas/standalone-helpers.test.ts checks they agree with the originals.
 */

/** ajv/dist/runtime/ucs2length: a string's length in code points, as `minLength`/`maxLength` count it. */
export function ucs2length(str: string): number {
  const len = str.length;
  let length = 0;
  let pos = 0;
  let value: number;
  while (pos < len) {
    length++;
    value = str.charCodeAt(pos++);
    if (value >= 0xd800 && value <= 0xdbff && pos < len) {
      // High surrogate followed by a low one: one code point.
      value = str.charCodeAt(pos);
      if ((value & 0xfc00) === 0xdc00) pos++;
    }
  }
  return length;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function date(str: string): boolean {
  const matches = DATE.exec(str);
  if (!matches) return false;
  const year = +matches[1]!;
  const month = +matches[2]!;
  const day = +matches[3]!;
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : DAYS[month]!);
}

const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;

function time(str: string): boolean {
  const matches = TIME.exec(str);
  if (!matches) return false;
  const hr = +matches[1]!;
  const min = +matches[2]!;
  const sec = +matches[3]!;
  const tz = matches[4];
  const tzSign = matches[5] === '-' ? -1 : 1;
  const tzH = +(matches[6] || 0);
  const tzM = +(matches[7] || 0);
  // ajv-formats' full formats are strict about the time zone: it must be there.
  if (tzH > 23 || tzM > 59 || !tz) return false;
  if (hr <= 23 && min <= 59 && sec < 60) return true;
  // A leap second is only valid at 23:59:60 UTC.
  const utcMin = min - tzM * tzSign;
  const utcHr = hr - tzH * tzSign - (utcMin < 0 ? 1 : 0);
  return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
}

const DATE_TIME_SEPARATOR = /t|\s/i;

function dateTime(str: string): boolean {
  const parts = str.split(DATE_TIME_SEPARATOR);
  return parts.length === 2 && date(parts[0]!) && time(parts[1]!);
}

/** A string format as ajv's generated code calls it. */
export interface CompiledFormat {
  readonly validate: (value: string) => boolean;
}

/** ajv-formats' full `date` (RFC 3339 full-date, days per month checked). */
export const dateFormat: CompiledFormat = { validate: date };
/** ajv-formats' full `time` (RFC 3339, time zone required). */
export const timeFormat: CompiledFormat = { validate: time };
/** ajv-formats' full `date-time` (RFC 3339, time zone required). */
export const dateTimeFormat: CompiledFormat = { validate: dateTime };

/**
 * The export of each format compiled validators can check, by format name: generated code imports
 * the one it uses by name (a plain identifier, so a bundle drops the formats nobody uses).
 */
export const COMPILED_FORMAT_EXPORTS: { readonly [format: string]: string } = { date: 'dateFormat', time: 'timeFormat', 'date-time': 'dateTimeFormat' };
