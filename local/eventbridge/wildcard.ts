import { InvalidEventPatternError } from './errors';

/**
 * Compiles a `wildcard` operand: `*` matches any run of characters, `\*` a literal star and `\\`
 * a literal backslash. Errors carry event-ruler's positions, which count UTF-8 bytes of the
 * operand as it appears with its leading quote (hence the +1). Matching finds the literal parts
 * left to right (leftmost occurrence is always safe between stars), O(value x pattern) at worst:
 * no regular expression that could backtrack for ever on a hostile pattern.
 */
export function compileWildcard(operand: string, path: string): (value: string) => boolean {
  // The operand as segments: literal text between stars.
  const segments: string[] = [''];
  let bytePos = 0;
  const chars = Array.from(operand);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        throw new InvalidEventPatternError(`Consecutive wildcard characters at pos ${bytePos + 1}`, { path });
      }
      segments.push('');
    } else if (ch === '\\') {
      const next = chars[i + 1];
      if (next !== '*' && next !== '\\') {
        throw new InvalidEventPatternError(`Invalid escape character at pos ${bytePos + 1}`, { path });
      }
      segments[segments.length - 1] += next;
      i++;
      bytePos += 1;
    } else {
      segments[segments.length - 1] += ch;
    }
    bytePos += Buffer.byteLength(ch, 'utf8');
  }
  return (value) => globMatch(segments, value);
}

/** True when the value is segments[0] + anything + segments[1] + ... + anything + last segment. */
function globMatch(segments: readonly string[], value: string): boolean {
  const first = segments[0] as string;
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1] as string;
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  // Middle segments, leftmost-first, between the fixed head and tail: greedy is optimal here.
  let pos = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i] as string;
    const found = value.indexOf(segment, pos);
    if (found < 0 || found + segment.length > end) return false;
    pos = found + segment.length;
  }
  return true;
}
