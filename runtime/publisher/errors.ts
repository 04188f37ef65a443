/** Base class of every publisher error. */
export class PublishError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PublishError';
  }
}

/**
 * The event, as EventBridge delivers it (envelope included), is larger than the smallest queue on
 * its consumers' path accepts: PutEvents would take it and every target would drop it.
 */
export class EventTooLargeError extends PublishError {
  constructor(
    /** Bytes of the delivered event. */
    public readonly size: number,
    /** Largest delivered event the path holds. */
    public readonly limit: number,
  ) {
    super(
      `event is ${size} bytes as delivered (EventBridge envelope included), over the ${limit}-byte limit of the queues ` +
        `on its consumers' path by ${size - limit} bytes (the default limit is SQS's 1048576-byte MaximumMessageSize minus ` +
        'room for parking attributes); publish a reference to the payload (e.g. an S3 key) instead of the payload',
    );
    this.name = 'EventTooLargeError';
  }
}

/** An option of `publish()` is out of range; nothing was sent. */
export class InvalidPublishOptionError extends PublishError {
  constructor(
    public readonly option: string,
    public readonly value: unknown,
    requirement: string,
  ) {
    super(`publish() option ${option} = ${JSON.stringify(value) ?? String(value)} is invalid: ${requirement}`);
    this.name = 'InvalidPublishOptionError';
  }
}

/** Why one event was refused before any PutEvents call. */
export interface RejectedEvent {
  /** Position in the `publish()` input. */
  readonly index: number;
  readonly eventId: string | undefined;
  readonly reason: string;
}

/** Thrown before any PutEvents call when an event is malformed, oversize or fails schema validation; nothing was published. */
export class EventsRejectedError extends PublishError {
  readonly rejected: readonly RejectedEvent[];
  constructor(rejected: readonly RejectedEvent[]) {
    super(
      `Refused to publish ${rejected.length} event(s); nothing was sent:\n` +
        rejected.map((r) => `  - event #${r.index}${r.eventId === undefined ? '' : ` (eventId ${r.eventId})`}: ${r.reason}`).join('\n'),
    );
    this.name = 'EventsRejectedError';
    this.rejected = rejected;
  }
}

/** One event PutEvents accepted. */
export interface PublishedEvent {
  readonly index: number;
  readonly eventId: string | undefined;
  /** The `id` EventBridge assigned. */
  readonly eventBridgeId: string;
}

/** One event that could not be published. */
export interface FailedEvent {
  readonly index: number;
  readonly eventId: string | undefined;
  /** PutEvents' per-entry `ErrorCode`, the exception name of a failed call, or `BlockedByEarlierFailure`. */
  readonly errorCode: string;
  readonly errorMessage: string;
  /** How many PutEvents calls carried this event. */
  readonly attempts: number;
}

/**
 * Thrown after every retry when some events were not accepted. `published` lists the ones that
 * were (they are NOT rolled back), `failed` each one that was not and why.
 */
export class PublishFailedError extends PublishError {
  readonly failed: readonly FailedEvent[];
  readonly published: readonly PublishedEvent[];
  constructor(failed: readonly FailedEvent[], published: readonly PublishedEvent[], options?: { cause?: unknown }) {
    super(
      `${failed.length} event(s) were not published (${published.length} were):\n` +
        failed
          .map(
            (f) =>
              `  - event #${f.index}${f.eventId === undefined ? '' : ` (eventId ${f.eventId})`}: ${f.errorCode}: ${f.errorMessage} after ${f.attempts} attempt(s)`,
          )
          .join('\n'),
      options,
    );
    this.name = 'PublishFailedError';
    this.failed = failed;
    this.published = published;
  }
}
