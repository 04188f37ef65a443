/** Base class of outbox errors. */
export class OutboxError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutboxError';
  }
}

/** The writes and events do not fit DynamoDB's transaction limits; nothing was written. */
export class OutboxLimitError extends OutboxError {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxLimitError';
  }
}

/** An event given to `writeWithOutbox` cannot become an outbox row (no envelope, not publishable); nothing was written. */
export class InvalidOutboxEventError extends OutboxError {
  readonly index: number;
  constructor(index: number, reason: string) {
    super(`events[${index}] cannot be written to the outbox: ${reason}. Nothing was written.`);
    this.name = 'InvalidOutboxEventError';
    this.index = index;
  }
}

/**
 * Other writers kept taking the same entities' next sequence numbers: every attempt's transaction was
 * canceled by the sequence item's condition. Nothing was written; retrying the command later is safe.
 */
export class OutboxSequenceConflictError extends OutboxError {
  readonly entityKeys: readonly string[];
  readonly attempts: number;
  constructor(entityKeys: readonly string[], attempts: number, options?: { cause?: unknown }) {
    super(
      `Could not assign sequence numbers for ${entityKeys.join(', ')}: other writers of the same entity won ${attempts} attempts in a row. ` +
        'Nothing was written; retry the command, or raise `maxSequenceAttempts` if one entity is written this concurrently on purpose.',
      options,
    );
    this.name = 'OutboxSequenceConflictError';
    this.entityKeys = entityKeys;
    this.attempts = attempts;
  }
}

/** Which item of the transaction canceled it, and why. */
export interface OutboxCancellation {
  /** `writes[i]`, `events[i]` or `sequence[<entityKey>]`. */
  readonly item: string;
  readonly code: string;
  readonly message: string | undefined;
}

/**
 * DynamoDB canceled the transaction (most often a condition of one of the business writes);
 * nothing was written and no event will be published.
 */
export class OutboxTransactionCanceledError extends OutboxError {
  readonly cancellations: readonly OutboxCancellation[];
  constructor(cancellations: readonly OutboxCancellation[], options?: { cause?: unknown }) {
    super(
      'Outbox transaction canceled, nothing was written: ' +
        cancellations.map((c) => `${c.item} ${c.code}${c.message === undefined ? '' : ` (${c.message})`}`).join('; '),
      options,
    );
    this.name = 'OutboxTransactionCanceledError';
    this.cancellations = cancellations;
  }

  /** Whether `writes[index]`'s condition expression failed. */
  conditionFailedOnWrite(index: number): boolean {
    return this.cancellations.some((c) => c.item === `writes[${index}]` && c.code === 'ConditionalCheckFailed');
  }
}

/** A stream record is not a well-formed outbox row; it can never be published. */
export class MalformedOutboxRowError extends OutboxError {
  readonly sequenceNumber: string | undefined;
  readonly reason: string;
  constructor(sequenceNumber: string | undefined, reason: string) {
    super(`Malformed outbox row at sequence number ${sequenceNumber ?? '(unknown)'}: ${reason}`);
    this.name = 'MalformedOutboxRowError';
    this.sequenceNumber = sequenceNumber;
    this.reason = reason;
  }
}
