import { InvalidEventPatternError } from './errors';

/**
 * Compiles a `wildcard` operand: `*` matches any run of characters, `\*` a literal star and `\\`
 * a literal backslash. Errors carry event-ruler's positions, which count UTF-8 bytes of the
 * operand as it appears with its leading quote (hence the +1).
 */
export function compileWildcard(operand: string, path: string): (value: string) => boolean {
  let regex = '^';
  let literal = '';
  const flush = (): void => {
    regex += literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    literal = '';
  };
  let bytePos = 0;
  const chars = Array.from(operand);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        throw new InvalidEventPatternError(`Consecutive wildcard characters at pos ${bytePos + 1}`, { path });
      }
      flush();
      regex += '[\\s\\S]*';
    } else if (ch === '\\') {
      const next = chars[i + 1];
      if (next !== '*' && next !== '\\') {
        throw new InvalidEventPatternError(`Invalid escape character at pos ${bytePos + 1}`, { path });
      }
      literal += next;
      i++;
      bytePos += 1;
    } else {
      literal += ch;
    }
    bytePos += new TextEncoder().encode(ch).length;
  }
  flush();
  const compiled = new RegExp(regex + '$', 'u');
  return (value) => compiled.test(value);
}

/** Full Unicode case folding (e.g. `ß` and `SS` are equal), applied to both sides of a comparison. */
export function caseFold(value: string): string {
  return value.toUpperCase().toLowerCase();
}
