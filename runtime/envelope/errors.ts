/** Base class of every envelope error: the event could not be read as an EventBridge event or envelope. */
export class EnvelopeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EnvelopeError';
  }
}

/**
 * A field of the event is missing or has the wrong type; `field` is its JSON path, e.g. `detail.metadata.eventId`.
 * The consumer's parser and the forwarder both raise it, so a parked message's `ErrorType` is `MalformedEventError`
 * whichever hop parked it; `messageId` names the SQS message when the event came in one.
 */
export class MalformedEventError extends EnvelopeError {
  readonly field: string;
  readonly reason: string;
  readonly messageId?: string;
  constructor(field: string, reason: string, options?: { cause?: unknown; messageId?: string }) {
    super(`Malformed event${options?.messageId === undefined ? '' : ` in message ${options.messageId}`}: ${field} ${reason}.`, options);
    this.name = 'MalformedEventError';
    this.field = field;
    this.reason = reason;
    if (options?.messageId !== undefined) this.messageId = options.messageId;
  }
}

/** The event is well formed but its schema validator rejected it. */
export class EventRejectedByValidatorError extends EnvelopeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventRejectedByValidatorError';
  }
}

/** Builder input is invalid (empty source, unknown field types...). */
export class InvalidEventInputError extends EnvelopeError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventInputError';
  }
}
