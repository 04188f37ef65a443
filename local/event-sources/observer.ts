/** What an event source mapping needs of a function. */
export interface Invoker {
  readonly name: string;
  /** Resolves with the handler's result, rejects when the invocation fails. */
  invoke(event: unknown): Promise<unknown>;
}

/** How one batch ended. */
export interface BatchOutcome {
  /** The mapping (`<stack>/<logicalId>`). */
  readonly mapping: string;
  readonly functionName: string;
  /** Records passed to the function. */
  readonly size: number;
  /** Records the function reported failed (all of them when the invocation failed). */
  readonly failed: number;
  /** The invocation error, when the invocation itself failed. */
  readonly error?: Error;
  /** SQS: `messageId`s of the records left on the queue to be retried. */
  readonly failedMessageIds?: readonly string[];
}

/** Counters of one event source mapping since start. */
export interface EventSourceStats {
  readonly batches: number;
  readonly records: number;
  readonly failedRecords: number;
  readonly failedInvocations: number;
  /** Records filtered out by FilterCriteria. */
  readonly filtered: number;
  /** Stream records sent to the on-failure destination (or dropped without one). */
  readonly discarded: number;
}

/** A running poller. */
export interface EventSource {
  readonly mapping: string;
  stats(): EventSourceStats;
  /** Stops polling and waits for the batch in progress. */
  stop(): Promise<void>;
}

/** Mutable counters behind {@link EventSourceStats}. */
export function emptyStats(): { -readonly [K in keyof EventSourceStats]: number } {
  return { batches: 0, records: 0, failedRecords: 0, failedInvocations: 0, filtered: 0, discarded: 0 };
}
