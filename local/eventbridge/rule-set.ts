import { InvalidEventPatternError } from './errors';
import type { FlatEvent } from './event-leaves';
import { compilePattern, toFlatEvent, type CompiledPattern, type PatternOptions } from './pattern';
import { valueKey, type Branch, type FieldCondition } from './pattern-compiler';

/** A named rule: its name and its event pattern (JSON text or a parsed object). */
export interface RuleInput {
  readonly name: string;
  readonly pattern: unknown;
}

// Fields most rules pin to exact values; the rarer a value, the fewer rules an event wakes up.
const PREFERRED_ANCHORS = ['detail-type', 'source'];

/**
 * A bus's rules compiled once. `match` does not try every rule: each rule branch is indexed under
 * one field it pins to exact values (preferably `detail-type` or `source`), an event looks up its
 * own values in that index, and only those candidates (plus rules with no exact field at all) are
 * confirmed with their compiled matchers.
 */
export class RuleSet {
  private readonly names: readonly string[];
  private readonly compiled: readonly CompiledPattern[];
  /** path -> value key -> indexes of the rules with a branch anchored there. */
  private readonly index = new Map<string, Map<string, number[]>>();
  /** Rules with a branch that has no exact-valued field: always confirmed. */
  private readonly unanchored: readonly number[];

  /** Validates and compiles every rule; throws `InvalidEventPatternError` (with `ruleName`) for the first invalid one. */
  constructor(rules: readonly RuleInput[], options: PatternOptions = {}) {
    this.names = rules.map((r) => r.name);
    this.compiled = rules.map((rule) => {
      try {
        return compilePattern(rule.pattern, options);
      } catch (error) {
        if (error instanceof InvalidEventPatternError) {
          throw new InvalidEventPatternError(error.reason, {
            path: error.path,
            location: error.location,
            ruleName: rule.name,
            cause: error,
          });
        }
        throw error;
      }
    });
    const unanchored: number[] = [];
    this.compiled.forEach((pattern, ruleIndex) => {
      let always = false;
      for (const branch of pattern.branches) {
        const anchor = chooseAnchor(branch);
        if (anchor === undefined) {
          always = true;
          continue;
        }
        let byValue = this.index.get(anchor.path);
        if (byValue === undefined) this.index.set(anchor.path, (byValue = new Map()));
        for (const key of anchor.exactKeys ?? []) {
          const list = byValue.get(key);
          if (list === undefined) byValue.set(key, [ruleIndex]);
          else if (list[list.length - 1] !== ruleIndex) list.push(ruleIndex);
        }
      }
      if (always) unanchored.push(ruleIndex);
    });
    this.unanchored = unanchored;
  }

  /** Number of rules in the set. */
  get size(): number {
    return this.names.length;
  }

  /** Names of the rules the event (JSON text or parsed object) matches, in the order the rules were given. */
  match(event: unknown): string[] {
    return this.matchIndexesFlat(toFlatEvent(event)).map((i) => this.names[i] as string);
  }

  /** Positions (in the input list) of the rules the event matches, ascending. */
  matchIndexes(event: unknown): number[] {
    return this.matchIndexesFlat(toFlatEvent(event));
  }

  /** `matchIndexes` for an event already flattened with `toFlatEvent`. */
  matchIndexesFlat(event: FlatEvent): number[] {
    const candidates = new Set<number>(this.unanchored);
    for (const [path, byValue] of this.index) {
      const leaves = event.leaves.get(path);
      if (leaves === undefined) continue;
      for (const leaf of leaves) {
        const ids = byValue.get(valueKey(leaf.value));
        if (ids !== undefined) for (const id of ids) candidates.add(id);
      }
    }
    const matched: number[] = [];
    for (const id of candidates) {
      if ((this.compiled[id] as CompiledPattern).matchesFlat(event)) matched.push(id);
    }
    return matched.sort((a, b) => a - b);
  }
}

function chooseAnchor(branch: Branch): FieldCondition | undefined {
  const exact = [...branch.values()].filter((c) => c.exactKeys !== undefined && !c.matchesAbsent);
  if (exact.length === 0) return undefined;
  for (const path of PREFERRED_ANCHORS) {
    const preferred = exact.find((c) => c.path === path);
    if (preferred !== undefined) return preferred;
  }
  return exact.reduce((best, c) => ((c.exactKeys?.length ?? 0) < (best.exactKeys?.length ?? 0) ? c : best));
}
