/** A scalar value of an event: what patterns compare against. */
export type LeafValue = string | number | boolean | null;

/**
 * One scalar of the event at a dotted path. `arrays` lists, as flat [arrayId, index, ...] pairs,
 * which element of which array the value sits in; undefined when it is in no array.
 */
export interface Leaf {
  readonly value: LeafValue;
  readonly arrays: readonly number[] | undefined;
}

/** An event flattened once, then matched against any number of compiled patterns. */
export interface FlatEvent {
  /** Leaves by dotted path. Keys that contain dots join the same way (`{"a.b":1}` is `a.b`). */
  readonly leaves: ReadonlyMap<string, readonly Leaf[]>;
}

/**
 * Flattens a parsed JSON event the way event-ruler reads it: object keys join into dotted paths,
 * arrays add no path step (every element sits at the array's path), empty arrays and objects
 * contribute nothing, and each scalar remembers the array elements it belongs to.
 */
export function flattenEvent(event: Record<string, unknown>): FlatEvent {
  const leaves = new Map<string, Leaf[]>();
  let nextArrayId = 0;

  const add = (path: string, leaf: Leaf): void => {
    const list = leaves.get(path);
    if (list === undefined) leaves.set(path, [leaf]);
    else list.push(leaf);
  };

  // An explicit stack, not recursion: an event's depth comes from outside. Children are pushed in
  // reverse so values and array ids come out in document order, as a recursive walk gives them.
  const stack: { value: unknown; path: string; arrays: readonly number[] | undefined }[] = [{ value: event, path: '', arrays: undefined }];
  while (stack.length > 0) {
    const { value, path, arrays } = stack.pop() as (typeof stack)[number];
    if (Array.isArray(value)) {
      const id = nextArrayId++;
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push({ value: value[i], path, arrays: arrays === undefined ? [id, i] : [...arrays, id, i] });
      }
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      for (let k = keys.length - 1; k >= 0; k--) {
        const key = keys[k] as string;
        stack.push({ value: (value as Record<string, unknown>)[key], path: path === '' ? key : `${path}.${key}`, arrays });
      }
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
      add(path, { value, arrays });
    }
  }

  return { leaves };
}

/** True when two leaves never sit in different elements of the same array. */
export function consistentLeaves(a: Leaf, b: Leaf): boolean {
  const x = a.arrays;
  const y = b.arrays;
  if (x === undefined || y === undefined) return true;
  for (let i = 0; i < x.length; i += 2) {
    for (let j = 0; j < y.length; j += 2) {
      if (x[i] === y[j] && x[i + 1] !== y[j + 1]) return false;
    }
  }
  return true;
}
