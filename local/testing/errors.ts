/** A template the helper cannot read, or a consumer rule whose pattern AWS would reject; the base of this folder's errors. */
export class RoutesSourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RoutesSourceError';
  }
}
