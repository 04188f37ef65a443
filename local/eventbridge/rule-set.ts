import { InvalidEventPatternError } from './errors';
import type { FlatEvent, LeafValue } from './event-leaves';
import { compilePattern, toFlatEvent, type CompiledPattern, type PatternOptions } from './pattern';
import type { FieldCondition } from './pattern-compiler';
import { caseFold } from './case-fold';

/** A named rule: its name and its event pattern (JSON text or a parsed object). */
export interface RuleInput {
  readonly name: string;
  readonly pattern: unknown;
}

/**
 * One indexed path: event value -> the branches with a condition on this path accepting it. Keyed
 * by the event's own values (no key strings built per lookup), one map per JSON type.
 */
interface PathIndex {
  readonly strings: Map<string, number[]>;
  readonly numbers: Map<number, number[]>;
  readonly literals: Map<boolean | null, number[]>;
  /** Case-folded strings of `equals-ignore-case` conditions; undefined when the path has none. */
  folded: Map<string, number[]> | undefined;
}

function addTo<K>(map: Map<K, number[]>, key: K, branchId: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [branchId]);
  else if (list[list.length - 1] !== branchId) list.push(branchId);
}

function lookup(entry: PathIndex, value: LeafValue): number[] | undefined {
  if (typeof value === 'string') return entry.strings.get(value);
  if (typeof value === 'number') return entry.numbers.get(value);
  return entry.literals.get(value);
}

/**
 * A bus's rules compiled once. `match` does not try every rule: every field a rule branch pins to
 * exact values (or `equals-ignore-case`) is indexed, an event looks up its own values, and a branch
 * becomes a candidate only when all its indexed fields were hit (a counting index, as in
 * publish/subscribe matchers). Only candidates, plus branches with no indexable field, are then
 * confirmed with their compiled matchers.
 */
export class RuleSet {
  private readonly names: readonly string[];
  private readonly compiled: readonly CompiledPattern[];
  private readonly index = new Map<string, PathIndex>();
  /** Rule of each branch, and how many indexed conditions the branch has. */
  private readonly branchRule: number[] = [];
  private readonly branchRequired: number[] = [];
  /** Rules with a branch that has no indexable field: always confirmed. */
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
    const unanchored = new Set<number>();
    this.compiled.forEach((pattern, ruleIndex) => {
      for (const branch of pattern.branches) {
        const indexable = [...branch.values()].filter((c) => c.exactKeys !== undefined && !c.matchesAbsent);
        if (indexable.length === 0) {
          unanchored.add(ruleIndex);
          continue;
        }
        const branchId = this.branchRule.length;
        this.branchRule.push(ruleIndex);
        this.branchRequired.push(indexable.length);
        for (const condition of indexable) this.indexCondition(condition, branchId);
      }
    });
    this.unanchored = [...unanchored];
  }

  private indexCondition(condition: FieldCondition, branchId: number): void {
    let entry = this.index.get(condition.path);
    if (entry === undefined) {
      entry = { strings: new Map(), numbers: new Map(), literals: new Map(), folded: undefined };
      this.index.set(condition.path, entry);
    }
    // Keys are `valueKey` / `foldedKey` strings: a type letter, then the value.
    for (const key of condition.exactKeys ?? []) {
      const rest = key.slice(1);
      switch (key[0]) {
        case 's':
          addTo(entry.strings, rest, branchId);
          break;
        case 'n':
          addTo(entry.numbers, Number(rest), branchId);
          break;
        case 'i':
          addTo((entry.folded ??= new Map()), rest, branchId);
          break;
        default:
          addTo(entry.literals, key === 'T' ? true : key === 'F' ? false : null, branchId);
      }
    }
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

  /**
   * `matchIndexes` for an event already flattened with `toFlatEvent`. When `stats` is given, its
   * `rulesTried` grows by the number of rules confirmed with their full matcher (the index's cost).
   */
  matchIndexesFlat(event: FlatEvent, stats?: { rulesTried: number }): number[] {
    // Scratch arrays are reused across calls (matching is synchronous); a per-call generation
    // number stands in for clearing them.
    const generation = this.nextGeneration();
    const { candidateGen, branchGen, hits, lastPath } = this.scratch;
    for (const id of this.unanchored) candidateGen[id] = generation;
    const paths = this.indexedPaths();
    for (let p = 0; p < paths.length; p++) {
      const [path, entry] = paths[p] as [string, PathIndex];
      const pathNumber = p + 1;
      const leaves = event.leaves.get(path);
      if (leaves === undefined) continue;
      for (const leaf of leaves) {
        for (let pass = 0; pass < 2; pass++) {
          const branches =
            pass === 0
              ? lookup(entry, leaf.value)
              : entry.folded !== undefined && typeof leaf.value === 'string'
                ? entry.folded.get(caseFold(leaf.value))
                : undefined;
          if (branches === undefined) continue;
          for (const b of branches) {
            if (branchGen[b] !== generation) {
              branchGen[b] = generation;
              hits[b] = 0;
              lastPath[b] = 0;
            }
            // A branch counts each indexed path once, however many of the path's values hit it.
            if (lastPath[b] === pathNumber) continue;
            lastPath[b] = pathNumber;
            hits[b] = (hits[b] as number) + 1;
            if (hits[b] === this.branchRequired[b]) candidateGen[this.branchRule[b] as number] = generation;
          }
        }
      }
    }
    const matched: number[] = [];
    let tried = 0;
    for (let id = 0; id < candidateGen.length; id++) {
      if (candidateGen[id] !== generation) continue;
      tried++;
      if ((this.compiled[id] as CompiledPattern).matchesFlat(event)) matched.push(id);
    }
    if (stats !== undefined) stats.rulesTried += tried;
    return matched;
  }

  private pathList: [string, PathIndex][] | undefined;

  private indexedPaths(): [string, PathIndex][] {
    return (this.pathList ??= [...this.index]);
  }

  private generation = 0;
  private readonly scratch = {
    candidateGen: new Uint32Array(0),
    branchGen: new Uint32Array(0),
    hits: new Uint16Array(0),
    lastPath: new Uint32Array(0),
  };

  private nextGeneration(): number {
    if (this.scratch.candidateGen.length !== this.names.length || this.generation === 0xffffffff) {
      const branches = this.branchRequired.length;
      Object.assign(this.scratch, {
        candidateGen: new Uint32Array(this.names.length),
        branchGen: new Uint32Array(branches),
        hits: new Uint16Array(branches),
        lastPath: new Uint32Array(branches),
      });
      this.generation = 0;
    }
    return ++this.generation;
  }
}
