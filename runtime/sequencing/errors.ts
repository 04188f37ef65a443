/** Base class of every sequencing error (per-entity cursors, held events, gaps, quarantine). */
export class SequencingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SequencingError';
  }
}

/** Sequencing settings (env or options) are invalid; raised when the consumer or sweeper is created. */
export class SequencingConfigError extends SequencingError {
  constructor(message: string) {
    super(message);
    this.name = 'SequencingConfigError';
  }
}

/** DynamoDB did not answer a cursor or held-event read or write; the message must be retried. */
export class SequencingStoreError extends SequencingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SequencingStoreError';
  }
}

/**
 * An eventId, or an entity + sequence, was delivered again with DIFFERENT content than the one
 * recorded: a producer bug (reused id or sequence), never a plain redelivery. The message is parked.
 */
export class ContentConflictError extends SequencingError {
  constructor(message: string) {
    super(message);
    this.name = 'ContentConflictError';
  }
}

/** `skipParkedSequence` was asked to skip a sequence that is not the entity's parked one. */
export class NotParkedError extends SequencingError {
  constructor(message: string) {
    super(message);
    this.name = 'NotParkedError';
  }
}

/**
 * An event ahead of its entity is larger than a held item can be (DynamoDB's 400 KB item limit), so it
 * cannot wait in the table: it is parked instead, and applied directly when redriven once its gap is filled.
 */
export class HeldEventTooLargeError extends SequencingError {
  constructor(entity: string, sequence: number, bytes: number, maxBytes: number) {
    super(
      `Sequence ${sequence} of ${entity} arrived before the sequences before it and is ${bytes} bytes as a held item, over DynamoDB's ${maxBytes}-byte item limit, ` +
        'so it cannot be held: parked. Redrive it once the entity has applied the sequences before it (it is then applied directly), or skip it.',
    );
    this.name = 'HeldEventTooLargeError';
  }
}
