import { InvalidGroupKeyPathError } from './errors';

/** One property name per segment; `$.detail.data.orderId` -> ['detail', 'data', 'orderId']. */
export type GroupKeyPath = readonly string[];

const SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Parses a dotted JSON path rooted at `$` (the EventBridge event). Only plain
 * property access is allowed: a group key must name exactly one value.
 * @throws InvalidGroupKeyPathError when the path is not of that form.
 */
export function parseGroupKeyPath(path: string): GroupKeyPath {
  if (!path.startsWith('$.')) {
    throw new InvalidGroupKeyPathError(path, 'it must start with "$."');
  }
  const segments = path.slice(2).split('.');
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) {
      throw new InvalidGroupKeyPathError(
        path,
        `segment ${JSON.stringify(segment)} is not a plain property name (no wildcards, filters or indexes)`,
      );
    }
  }
  return segments;
}

/** The value at `path` in `event`, or undefined when any step along it is missing. */
export function valueAtPath(event: unknown, path: GroupKeyPath): unknown {
  let current: unknown = event;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
