import { InvalidEventError } from './errors';
import { consistentLeaves, flattenEvent, type FlatEvent, type Leaf } from './event-leaves';
import { compileBranches, type Branch, type FieldCondition } from './pattern-compiler';

/**
 * How fields of one pattern object meet arrays of objects in the event.
 * - `same-element` (default, what AWS does through aws/event-ruler): all fields must match within
 *   the same array element, e.g. `{"items":{"sku":["a"],"qty":[2]}}` needs one item with both.
 * - `any-element`: each field may be satisfied by a different element.
 */
export type ArrayMatching = 'same-element' | 'any-element';

/** Options of pattern matching. */
export interface PatternOptions {
  /** @default 'same-element' */
  readonly arrayMatching?: ArrayMatching;
}

/** A pattern validated and compiled once, to be matched against many events. */
export interface CompiledPattern {
  /** The alternatives (`$or` expanded) the pattern compiled to; a match needs one of them. */
  readonly branches: readonly Branch[];
  /** True when the event (JSON text or a parsed object) matches the pattern. */
  matches(event: unknown): boolean;
  /** Same as `matches` on an event already flattened with `toFlatEvent` (share it across patterns). */
  matchesFlat(event: FlatEvent): boolean;
}

/**
 * Parses an event for matching: JSON text or an already parsed value. Throws `InvalidEventError`
 * (AWS: `Parameter Event is not valid.`) unless it is a JSON object.
 */
export function parseEvent(event: unknown): Record<string, unknown> {
  let value = event;
  if (typeof event === 'string') {
    try {
      value = JSON.parse(event);
    } catch (error) {
      throw new InvalidEventError(`the event is not JSON: ${(error as Error).message}`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidEventError('the event must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Flattens an event (JSON text or parsed object) once, for `matchesFlat` on many patterns. */
export function toFlatEvent(event: unknown): FlatEvent {
  return flattenEvent(parseEvent(event));
}

/**
 * Validates an event pattern (JSON text or a parsed value) exactly as EventBridge does; throws
 * `InvalidEventPatternError` carrying AWS's message (e.g. `Event pattern is not valid. Reason:
 * Empty arrays are not allowed`).
 */
export function validatePattern(pattern: unknown): void {
  compileBranches(pattern);
}

/** Validates and compiles a pattern once; the result matches events without re-reading the pattern. */
export function compilePattern(pattern: unknown, options: PatternOptions = {}): CompiledPattern {
  const branches = compileBranches(pattern);
  const sameElement = (options.arrayMatching ?? 'same-element') === 'same-element';
  const matchesFlat = (event: FlatEvent): boolean => branches.some((b) => branchMatches(b, event, sameElement));
  return {
    branches,
    matchesFlat,
    matches: (event) => matchesFlat(toFlatEvent(event)),
  };
}

/** True when the event matches the pattern (each a JSON string or a parsed value). */
export function matchesPattern(pattern: unknown, event: unknown, options: PatternOptions = {}): boolean {
  return compilePattern(pattern, options).matches(event);
}

function candidatesFor(condition: FieldCondition, event: FlatEvent): Leaf[] | 'absent' | undefined {
  const leaves = event.leaves.get(condition.path);
  if (leaves === undefined) return condition.matchesAbsent ? 'absent' : undefined;
  const found: Leaf[] = [];
  for (const leaf of leaves) {
    for (const test of condition.tests) {
      if (test(leaf.value)) {
        found.push(leaf);
        break;
      }
    }
  }
  return found.length > 0 ? found : undefined;
}

/** A branch matches when every field is satisfied, by leaves that agree on shared array elements. */
export function branchMatches(branch: Branch, event: FlatEvent, sameElement: boolean): boolean {
  const chosen: Leaf[][] = [];
  let inArrays = false;
  for (const condition of branch.values()) {
    const candidates = candidatesFor(condition, event);
    if (candidates === undefined) return false;
    if (candidates === 'absent') continue;
    chosen.push(candidates);
    if (!inArrays && candidates.some((l) => l.arrays !== undefined)) inArrays = true;
  }
  if (!sameElement || !inArrays || chosen.length < 2) return true;
  chosen.sort((a, b) => a.length - b.length);
  return consistentChoice(chosen, 0, []);
}

function consistentChoice(fields: Leaf[][], index: number, picked: Leaf[]): boolean {
  if (index === fields.length) return true;
  for (const leaf of fields[index] as Leaf[]) {
    if (picked.every((p) => consistentLeaves(p, leaf))) {
      picked.push(leaf);
      if (consistentChoice(fields, index + 1, picked)) return true;
      picked.pop();
    }
  }
  return false;
}
