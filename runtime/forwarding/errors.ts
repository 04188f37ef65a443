/**
 * Errors of the forwarding hop (buffer queue -> forwarder -> consumer FIFO queue).
 * Each names the message and says what to do, so a message parked in the buffer's
 * dead-letter queue explains itself in the forwarder's logs.
 */

/**
 * Base class of every forwarding error. Each class names itself with a string literal, not
 * `new.target.name`: bundles are minified, and the name is what a parked message's `ErrorType`
 * attribute and the logs promise.
 */
export class ForwardingError extends Error {
  override name = 'ForwardingError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The forwarder's environment is incomplete or invalid; raised once, at cold start. */
export class ForwardingConfigError extends ForwardingError {
  override name = 'ForwardingConfigError';
}

/** A GROUP_KEY_PATH that is not a dotted JSON path such as `$.detail.data.orderId`. */
export class InvalidGroupKeyPathError extends ForwardingError {
  override name = 'InvalidGroupKeyPathError';
  constructor(public readonly path: string, reason: string) {
    super(
      `group key path ${JSON.stringify(path)} is invalid: ${reason}. ` +
        'Use a dotted JSON path into the EventBridge event, e.g. "$.detail.data.orderId".',
    );
  }
}

/** The event has no usable value at the group key path, so it has no message group. */
export class GroupKeyMissingError extends ForwardingError {
  override name = 'GroupKeyMissingError';
  constructor(
    public readonly messageId: string,
    public readonly eventId: string,
    public readonly path: string,
    public readonly found: unknown,
  ) {
    super(
      `event ${eventId} (message ${messageId}) has no group key at ${path} ` +
        `(found ${found === undefined ? 'nothing' : JSON.stringify(found)}); a string or number is required. ` +
        'Fix the producer to include it, or narrow the consumer rule so such events do not match. ' +
        "The event is parked in the buffer's dead-letter queue with this reason.",
    );
  }
}

/** SQS rejected a forwarded entry or the SendMessageBatch call failed. */
export class ForwardFailedError extends ForwardingError {
  override name = 'ForwardFailedError';
  constructor(public readonly messageId: string, reason: string, options?: { cause?: unknown }) {
    super(`forwarding message ${messageId} to the consumer queue failed: ${reason}; it will be retried`, options);
  }
}
