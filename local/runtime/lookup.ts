import { ResourceLookupError } from './errors';

/** Something that can be found by several names. */
export interface Named {
  readonly stackName: string;
  readonly logicalId: string;
}

/**
 * Finds the one item `ref` names: `<stack>/<logicalId>`, a logical id (must be unique across stacks), or any of
 * the extra keys (`keysOf`: name, ARN, URL, ...). Throws {@link ResourceLookupError} listing what exists.
 */
export function lookup<T extends Named>(kind: string, items: readonly T[], ref: string, keysOf: (item: T) => readonly (string | undefined)[]): T {
  const matches = items.filter(
    (item) => `${item.stackName}/${item.logicalId}` === ref || item.logicalId === ref || keysOf(item).includes(ref),
  );
  if (matches.length === 1) return matches[0];
  const known = items.map((item) => `${item.stackName}/${item.logicalId}`).join(', ') || '(none)';
  if (matches.length === 0) throw new ResourceLookupError(`No ${kind} is named ${JSON.stringify(ref)}. Known: ${known}.`);
  throw new ResourceLookupError(
    `${JSON.stringify(ref)} names ${matches.length} ${kind}s (${matches.map((m) => `${m.stackName}/${m.logicalId}`).join(', ')}); use <stack>/<logicalId>.`,
  );
}
