/** Base class of every dedupe error. */
export class DedupeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DedupeError';
  }
}

/** Dedupe options are missing or invalid; raised when the middleware or consumer is created. */
export class DedupeConfigError extends DedupeError {
  constructor(message: string) {
    super(message);
    this.name = 'DedupeConfigError';
  }
}

/** DynamoDB did not answer a dedupe read or write; the message must be retried, not acknowledged. */
export class DedupeStoreError extends DedupeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DedupeStoreError';
  }
}

/** A handler returned more transactional writes than fit in one TransactWriteItems next to the marker. */
export class TooManyTransactionalWritesError extends DedupeError {
  readonly writes: number;
  constructor(writes: number, eventId: string) {
    super(
      `Handler for event ${eventId} returned ${writes} transactional writes; at most 99 fit in one TransactWriteItems next to the dedupe marker (limit 100 items). Split the effect or make part of it idempotent outside the transaction.`,
    );
    this.name = 'TooManyTransactionalWritesError';
    this.writes = writes;
  }
}

/** One item's cancellation reason in a canceled TransactWriteItems. */
export interface CancellationReason {
  /** Index in the handler's `writes`. */
  readonly index: number;
  readonly code: string;
  readonly message: string | undefined;
}

/** The handler's transactional writes were canceled by one of THEIR conditions; nothing was written, the event stays unprocessed. */
export class TransactionalWriteError extends DedupeError {
  readonly eventId: string;
  readonly reasons: readonly CancellationReason[];
  constructor(eventId: string, reasons: readonly CancellationReason[], options?: { cause?: unknown }) {
    super(
      `Transactional writes of event ${eventId} were canceled, nothing was written: ` +
        reasons.map((r) => `writes[${r.index}] ${r.code}${r.message === undefined ? '' : ` (${r.message})`}`).join('; '),
      options,
    );
    this.name = 'TransactionalWriteError';
    this.eventId = eventId;
    this.reasons = reasons;
  }
}
