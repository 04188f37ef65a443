import fc from 'fast-check';
import { MAX_BATCH_BYTES, MAX_BATCH_ENTRIES, planRound, type Sendable } from '../../../runtime/forwarding';

type Item = Sendable & { readonly n: number };

const items = fc
  .array(
    fc.record({
      bytes: fc.oneof(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 100_000, max: MAX_BATCH_BYTES })),
      group: fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'), { nil: undefined }),
    }),
    { maxLength: 60 },
  )
  .map((list) => list.map((item, n): Item => ({ ...item, n })));

/** Plans rounds until nothing is left, as forwardBatch does when every call succeeds. */
function planAll(pending: readonly Item[]): Item[][][] {
  const rounds: Item[][][] = [];
  let rest = [...pending];
  while (rest.length > 0) {
    const round = planRound(rest);
    rounds.push(round.calls);
    rest = round.rest;
  }
  return rounds;
}

describe('planRound', () => {
  test('no call exceeds 10 entries or 1 MiB, and every item is sent exactly once', () => {
    fc.assert(
      fc.property(items, (pending) => {
        const calls = planAll(pending).flat();
        for (const call of calls) {
          expect(call.length).toBeLessThanOrEqual(MAX_BATCH_ENTRIES);
          expect(call.reduce((sum, item) => sum + item.bytes, 0)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
        }
        expect(calls.flat().map((item) => item.n).sort((a, b) => a - b)).toEqual(pending.map((item) => item.n));
      }),
    );
  });

  test('a round never carries two items of one group, and a group goes out in input order, one per round', () => {
    fc.assert(
      fc.property(items, (pending) => {
        const seenPerGroup = new Map<string, number[]>();
        for (const round of planAll(pending)) {
          const groups = round.flat().flatMap((item) => (item.group === undefined ? [] : [item.group]));
          expect(new Set(groups).size).toBe(groups.length);
          for (const item of round.flat()) if (item.group !== undefined) seenPerGroup.set(item.group, [...(seenPerGroup.get(item.group) ?? []), item.n]);
        }
        for (const [group, order] of seenPerGroup) {
          expect(order).toEqual(pending.filter((item) => item.group === group).map((item) => item.n));
        }
      }),
    );
  });

  test('items without a group and of distinct groups all go in the first round', () => {
    const pending: Item[] = Array.from({ length: 25 }, (_, n) => ({ n, bytes: 10 }));
    const { calls, rest } = planRound(pending);
    expect(calls.map((call) => call.length)).toEqual([10, 10, 5]);
    expect(rest).toEqual([]);
  });
});
