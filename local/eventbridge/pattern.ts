import { InvalidEventError } from './errors';
import { MAX_JSON_NESTING_DEPTH, jsonTextDepth } from './json-depth';
import { consistentLeaves, flattenEvent, type FlatEvent, type Leaf, type LeafValue } from './event-leaves';
import { compileBranches, type Branch, type FieldCondition, type ValueTest } from './pattern-compiler';

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
    // One level for the envelope above a detail PutEvents accepts (which may use all 1000).
    const depth = jsonTextDepth(event, MAX_JSON_NESTING_DEPTH + 1);
    if (depth > MAX_JSON_NESTING_DEPTH + 1) {
      throw new InvalidEventError(
        `the event is nested more than ${MAX_JSON_NESTING_DEPTH + 1} levels deep (a detail may nest ${MAX_JSON_NESTING_DEPTH}); flatten it`,
      );
    }
    try {
      value = JSON.parse(event);
    } catch (error) {
      throw new InvalidEventError(`the event is not JSON: ${(error as Error).message}`, { cause: error });
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
  const conditionLists = branches.map((b) => [...b.values()]);
  const matchesFlat = (event: FlatEvent): boolean => {
    for (let b = 0; b < conditionLists.length; b++) {
      if (branchMatches(conditionLists[b] as FieldCondition[], event, sameElement)) return true;
    }
    return false;
  };
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

function passes(tests: readonly ValueTest[], value: LeafValue): boolean {
  for (let t = 0; t < tests.length; t++) if ((tests[t] as ValueTest)(value)) return true;
  return false;
}

/**
 * A branch matches when every field is satisfied, by values that agree on shared array elements.
 * Hot path of every match: no allocation unless values inside arrays must be reconciled.
 */
export function branchMatches(conditions: readonly FieldCondition[], event: FlatEvent, sameElement: boolean): boolean {
  let inArrays: Leaf[][] | undefined;
  for (let c = 0; c < conditions.length; c++) {
    const condition = conditions[c] as FieldCondition;
    const leaves = event.leaves.get(condition.path);
    if (leaves === undefined) {
      if (condition.matchesAbsent) continue;
      return false;
    }
    let found: Leaf[] | undefined;
    let freeLeaf = false;
    for (let l = 0; l < leaves.length; l++) {
      const leaf = leaves[l] as Leaf;
      if (!passes(condition.tests, leaf.value)) continue;
      // A value outside any array agrees with every other choice: the field is settled.
      if (leaf.arrays === undefined || !sameElement) {
        freeLeaf = true;
        break;
      }
      (found ??= []).push(leaf);
    }
    if (freeLeaf) continue;
    if (found === undefined) return false;
    (inArrays ??= []).push(found);
  }
  if (inArrays === undefined || inArrays.length < 2) return true;
  inArrays.sort((a, b) => a.length - b.length);
  return consistentChoice(inArrays, 0, []);
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
