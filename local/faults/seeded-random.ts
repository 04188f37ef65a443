/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence on every machine, so a
 * `--faults ...,seed=N` run can be repeated. Each fault kind gets its own stream, derived from the
 * seed and the kind's name, so switching one fault on does not shift the decisions of another.
 */
export type Random = () => number;

/** A generator of floats in [0, 1) for `seed` and `stream`. */
export function seededRandom(seed: number, stream: string): Random {
  let state = (mixSeed(seed) ^ fnv1a(stream)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Folds a seed of up to 53 bits into 32, keeping the high bits' influence. */
function mixSeed(seed: number): number {
  const low = seed >>> 0;
  const high = Math.floor(seed / 4_294_967_296) >>> 0;
  return (low ^ Math.imul(high, 0x9e3779b1)) >>> 0;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
