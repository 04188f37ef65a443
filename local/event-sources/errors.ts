/** Base of the errors the event source pollers throw. */
export class EventSourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An `AWS::Lambda::EventSourceMapping` the local runtime cannot run as declared. */
export class UnsupportedEventSourceError extends EventSourceError {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
  }
}

/** A function's `batchItemFailures` response is malformed; Lambda then treats the whole batch as failed. */
export class InvalidBatchResponseError extends EventSourceError {}
