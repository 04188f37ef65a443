/** Most sequence numbers listed one by one in a log line; longer gaps are also given as a range. */
const MAX_LISTED = 100;

/** The sequences after `applied` and before `next`, for logs: `{ from, to, count, sequences }` (the list capped at 100). */
export function missingSequences(applied: number, next: number): { from: number; to: number; count: number; sequences: number[] } {
  const from = applied + 1;
  const to = next - 1;
  const count = Math.max(0, to - from + 1);
  return { from, to, count, sequences: Array.from({ length: Math.min(count, MAX_LISTED) }, (_, i) => from + i) };
}
