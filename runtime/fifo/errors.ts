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
