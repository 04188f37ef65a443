/**
 * Reads the JSONPath subset EventBridge accepts in InputPath and InputPathsMap: `$`, `.name`
 * (names may contain `-`), `['name']` / `["name"]` and `[index]`. Returns undefined for a path
 * that does not resolve, and for a path it cannot read.
 */
export function readJsonPath(root: unknown, path: string): unknown {
  if (!path.startsWith('$')) return undefined;
  let current: unknown = root;
  let i = 1;
  while (i < path.length) {
    let step: string | number;
    const ch = path[i];
    if (ch === '.') {
      const end = nextDelimiter(path, i + 1);
      step = path.slice(i + 1, end);
      if (step === '') return undefined;
      i = end;
    } else if (ch === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) return undefined;
      const inner = path.slice(i + 1, close).trim();
      const quoted = /^'(.*)'$|^"(.*)"$/.exec(inner);
      if (quoted !== null) step = (quoted[1] ?? quoted[2]) as string;
      else if (/^\d+$/.test(inner)) step = Number(inner);
      else return undefined;
      i = close + 1;
    } else {
      return undefined;
    }
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
    if (current === undefined) return undefined;
  }
  return current;
}

function nextDelimiter(path: string, from: number): number {
  for (let i = from; i < path.length; i++) {
    if (path[i] === '.' || path[i] === '[') return i;
  }
  return path.length;
}
