/** Base class of FIFO batch processing errors. */
export class FifoError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FifoError';
  }
}

/** Consumer options are invalid; raised when `fifoConsumer()` is called. */
export class FifoConfigError extends FifoError {
  constructor(message: string) {
    super(message);
    this.name = 'FifoConfigError';
  }
}

/**
 * Throw it from a handler for a failure that no retry can fix (a business conflict, data the handler
 * can never use): the consumer parks the message in its dead-letter queue at once with this message as
 * the reason, instead of retrying it. For an ordered consumer the entity's later events are held
 * behind it until it is redriven or skipped.
 */
export class PermanentError extends FifoError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/** A late event whose sequence was given up on (gap skip, parked skip, adoption): parked so it is not lost silently. */
export class SkippedSequenceArrivedError extends PermanentError {
  constructor(entity: string, sequence: number) {
    super(`Sequence ${sequence} of ${entity} arrived after it was skipped; its effect was never applied. Apply it by hand if it still matters.`);
    this.name = 'SkippedSequenceArrivedError';
  }
}

/** The invocation's remaining time fell below the safety margin before this message's handler could start. */
export class TimeBudgetExhaustedError extends FifoError {
  constructor(remainingMs: number, marginMs: number) {
    super(`Not started: ${remainingMs} ms of the invocation left, below the ${marginMs} ms safety margin; the message is retried by SQS.`);
    this.name = 'TimeBudgetExhaustedError';
  }
}
