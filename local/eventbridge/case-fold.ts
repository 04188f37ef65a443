/** Full Unicode case folding (e.g. `ß` and `SS` are equal), applied to both sides of a comparison. */
export function caseFold(value: string): string {
  return value.toUpperCase().toLowerCase();
}
