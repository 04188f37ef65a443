/** Where the emulator reads the time from: the system clock, or a manual one tests move forward. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `listener` whenever the time jumps; returns the unsubscribe function. Only manual clocks jump. */
  subscribe?(listener: () => void): () => void;
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to, so tests of the 5-minute deduplication window, visibility
 * timeouts and retention need not sleep. Long polls waiting on the endpoint wake when it moves.
 */
export class ManualClock implements Clock {
  private current: number;
  private readonly listeners = new Set<() => void>();

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves the time forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualClock.advance needs a finite, non-negative number of milliseconds; got ${ms}.`);
    this.current += ms;
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
