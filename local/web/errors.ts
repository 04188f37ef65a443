/** Base of the errors the web view's server side throws; `status` is the HTTP status it answers with. */
export class WebViewError extends Error {
  constructor(
    message: string,
    readonly status = 500,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A request the API cannot use (bad JSON, unknown detail-type, missing field): 400 with what to fix. */
export class WebInputError extends WebViewError {
  constructor(message: string) {
    super(message, 400);
  }
}

/** A consumer, event or message the request names does not exist: 404. */
export class WebNotFoundError extends WebViewError {
  constructor(message: string) {
    super(message, 404);
  }
}
