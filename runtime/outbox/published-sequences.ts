/**
 * The last sequence number this publisher instance saw PutEvents accept, per entity: when an entity's
 * next event arrives with exactly the following number, its predecessor is known to be published and
 * the catch-up Query for earlier pending rows is skipped. Only accepted events are recorded, so a gap
 * (a row the stream gave up on) always shows as a mismatch and is looked up. Bounded: the oldest
 * entries are forgotten first, which only costs a Query.
 */
export class PublishedSequences {
  readonly #last = new Map<string, number>();
  readonly #maxEntities: number;

  /** @param maxEntities entities remembered at most. @default 100000 */
  constructor(maxEntities = 100_000) {
    this.#maxEntities = maxEntities;
  }

  /** Whether `sequence` directly follows the last number recorded for the entity. */
  follows(entityKey: string, sequence: number): boolean {
    return this.#last.get(entityKey) === sequence - 1;
  }

  /** Records an accepted event (a lower number than the one recorded is ignored). */
  record(entityKey: string, sequence: number): void {
    const previous = this.#last.get(entityKey);
    if (previous !== undefined && previous >= sequence) return;
    this.#last.delete(entityKey);
    this.#last.set(entityKey, sequence);
    if (this.#last.size > this.#maxEntities) this.#last.delete(this.#last.keys().next().value!);
  }
}
