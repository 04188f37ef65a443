import { JsonSyntaxError } from './errors';
import { MAX_JSON_NESTING_DEPTH, nestingDepthMessage } from './json-depth';

/*
 * A small JSON reader for event patterns that fails the way Jackson (the parser behind EventBridge)
 * fails, so an invalid pattern gets AWS's own words: `Unrecognized token 'this': was expecting ...`
 * followed by ` at [Source: (String)"..."; line: 1, column: 5]` (a JsonSyntaxError).
 *
 * Like Jackson reading a rule, it stops after the first complete value: trailing text is ignored.
 */

/**
 * Objects this reader builds remember their keys in document order here, because JavaScript
 * objects list integer-like keys ("1") first and event-ruler reports the first problem it reads.
 */
export const KEY_ORDER: unique symbol = Symbol('keyOrder');

/** An object's keys in document order when this reader built it, else in property order. */
export function orderedKeys(obj: object): string[] {
  const order = (obj as { [KEY_ORDER]?: string[] })[KEY_ORDER];
  return order ?? Object.keys(obj);
}

const EXPECTING_VALUE = "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const MAX_SOURCE_CHARS = 500;

/** Jackson's location suffix for the given 0-based offset in the text. */
export function jacksonLocation(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  const shown =
    text.length > MAX_SOURCE_CHARS
      ? `"${text.slice(0, MAX_SOURCE_CHARS)}"[truncated ${text.length - MAX_SOURCE_CHARS} chars]`
      : `"${text}"`;
  return `\n at [Source: (String)${shown}; line: ${line}, column: ${offset - lineStart + 1}]`;
}

class Reader {
  pos = 0;
  /** Objects and arrays open at `pos`: capped as Jackson caps them, so recursion stays shallow. */
  depth = 0;
  constructor(readonly text: string) {}

  enter(): void {
    this.depth++;
    if (this.depth > MAX_JSON_NESTING_DEPTH) this.fail(nestingDepthMessage(this.depth), this.pos + 1);
  }

  fail(reason: string, offset = this.pos): never {
    throw new JsonSyntaxError(reason, jacksonLocation(this.text, offset));
  }

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else break;
    }
  }

  unexpected(what: string): never {
    const ch = this.text[this.pos] as string;
    this.fail(`Unexpected character (${describeChar(ch)}): ${what}`, this.pos);
  }

  endOfInput(context: string): never {
    this.fail(`Unexpected end-of-input: ${context}`);
  }

  value(): unknown {
    this.skipWhitespace();
    if (this.pos >= this.text.length) this.endOfInput('expected a value');
    const ch = this.text[this.pos] as string;
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return this.number();
    return this.literal();
  }

  literal(): unknown {
    const start = this.pos;
    let end = start;
    while (end < this.text.length && /[\p{L}\p{N}_$]/u.test(this.text[end] as string)) end++;
    const token = this.text.slice(start, end);
    if (token === 'true') return this.advance(end, true);
    if (token === 'false') return this.advance(end, false);
    if (token === 'null') return this.advance(end, null);
    if (token.length === 0) this.unexpected('expected a value');
    this.fail(`Unrecognized token '${token}': ${EXPECTING_VALUE}`, end);
  }

  advance<T>(to: number, value: T): T {
    this.pos = to;
    return value;
  }

  number(): number {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (match === null || match[0] === '-') {
      this.fail(`Unexpected character (${describeChar(this.text[this.pos + 1] ?? ' ')}) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value`, this.pos + 2);
    }
    this.pos += match[0].length;
    return Number(match[0]);
  }

  string(): string {
    const start = this.pos;
    const t = this.text;
    let i = start + 1;
    let out = '';
    let chunk = i;
    while (i < t.length) {
      const c = t[i] as string;
      if (c === '"') {
        out += t.slice(chunk, i);
        this.pos = i + 1;
        return out;
      }
      if (c === '\\') {
        out += t.slice(chunk, i);
        const e = t[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          this.fail(`Unrecognized character escape ${describeChar(e ?? ' ')}`, i + 2);
        }
        chunk = i;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) {
        this.fail(
          `Illegal unquoted character (${describeChar(c)}): has to be escaped using backslash to be included in string value`,
          i + 1,
        );
      }
      i++;
    }
    this.pos = t.length;
    this.endOfInput(`was expecting closing quote for a string value`);
  }

  object(): Record<string, unknown> {
    const open = this.pos;
    this.enter();
    this.pos++;
    const out: Record<string, unknown> = {};
    const order: string[] = [];
    Object.defineProperty(out, KEY_ORDER, { value: order, enumerable: false });
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.endOfInput(this.closeMarker('OBJECT', open));
      if (this.text[this.pos] !== '"') this.unexpected('was expecting double-quote to start field name');
      const key = this.string();
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.endOfInput(this.closeMarker('OBJECT', open));
      if (this.text[this.pos] !== ':') this.unexpected('was expecting a colon to separate field name and value');
      this.pos++;
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.endOfInput(this.closeMarker('OBJECT', open));
      if (!Object.prototype.hasOwnProperty.call(out, key)) order.push(key);
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.endOfInput(this.closeMarker('OBJECT', open));
      const sep = this.text[this.pos];
      if (sep === ',') {
        this.pos++;
        continue;
      }
      if (sep === '}') {
        this.pos++;
        this.depth--;
        return out;
      }
      this.unexpected('was expecting comma to separate Object entries');
    }
  }

  array(): unknown[] {
    const open = this.pos;
    this.enter();
    this.pos++;
    const out: unknown[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.endOfInput(this.closeMarker('ARRAY', open));
      out.push(this.value());
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.endOfInput(this.closeMarker('ARRAY', open));
      const sep = this.text[this.pos];
      if (sep === ',') {
        this.pos++;
        continue;
      }
      if (sep === ']') {
        this.pos++;
        this.depth--;
        return out;
      }
      this.unexpected('was expecting comma to separate Array entries');
    }
  }

  closeMarker(kind: 'OBJECT' | 'ARRAY', open: number): string {
    return `expected close marker for ${kind} (start marker at${jacksonLocation(this.text, open).replace('\n at', '')})`;
  }
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x20 ? `CTRL-CHAR, code ${code}` : `'${ch}' (code ${code})`;
}

/**
 * Parses JSON text the way Jackson reads an event pattern: the first value only, Jackson's error
 * messages on failure. Keys are kept in document order; `__proto__` is an ordinary key.
 */
export function parseJsonLikeJackson(text: string): { value: unknown; startOffset: number; endOffset: number } {
  const reader = new Reader(text);
  reader.skipWhitespace();
  if (reader.pos >= text.length) reader.fail('No content to map due to end-of-input', 0);
  const startOffset = reader.pos;
  if (text[startOffset] === '[') {
    // Jackson reports a non-object root after reading only its first token.
    return { value: [], startOffset, endOffset: startOffset + 1 };
  }
  const value = reader.value();
  return { value, startOffset, endOffset: reader.pos };
}
