/**
 * Nesting depth of JSON, measured without recursion, so a hostile document nested 100,000 levels
 * deep is refused with a message instead of exhausting the call stack of whoever reads it.
 */

/**
 * The deepest nesting the EventBridge engine reads: Jackson's default
 * (`StreamReadConstraints.getMaxNestingDepth()`, 1000 since Jackson 2.15), the parser family
 * EventBridge and event-ruler are built on.
 */
export const MAX_JSON_NESTING_DEPTH = 1000;

/**
 * Jackson's own words for a document nested deeper than its limit, e.g. `Document nesting depth
 * (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)`.
 */
export function nestingDepthMessage(depth: number, max = MAX_JSON_NESTING_DEPTH): string {
  return `Document nesting depth (${depth}) exceeds the maximum allowed (${max}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`;
}

/**
 * The deepest nesting of objects and arrays in JSON text (0 for a scalar), reading brackets outside
 * strings only. Stops counting once `stopAbove` is passed, so the answer for a huge document is
 * cheap. Malformed text gets a best-effort figure; parsing reports the syntax error.
 */
export function jsonTextDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** The deepest nesting of objects and arrays in a parsed value (0 for a scalar), without recursion. */
export function valueDepth(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop() as { value: unknown; depth: number };
    if (top.value === null || typeof top.value !== 'object') continue;
    const depth = top.depth + 1;
    if (depth > max) {
      max = depth;
      if (max > stopAbove) return max;
    }
    const children = Array.isArray(top.value) ? top.value : Object.values(top.value as Record<string, unknown>);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push({ value: child, depth });
  }
  return max;
}
