/** Base class of the local EventBridge endpoint's errors. */
export class LocalEventBridgeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalEventBridgeError';
  }
}

/**
 * Errors the local EventBridge endpoint returns to clients. Each carries the AWS error code
 * (`__type` in AWS JSON 1.1) and HTTP status, so the AWS SDK throws an exception of the same name
 * as it would against AWS.
 */
export class EventBridgeServiceError extends LocalEventBridgeError {
  /** AWS error code, e.g. `ValidationException`; the SDK uses it as the thrown error's `name`. */
  readonly code: string;
  readonly statusCode: number;

  constructor(code: string, message: string, statusCode = 400, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventBridgeServiceError';
    this.code = code;
    this.statusCode = statusCode;
  }
}

/** A request AWS rejects as a whole, e.g. 11 entries or entries over the size limit. */
export class ValidationError extends EventBridgeServiceError {
  constructor(message: string) {
    super('ValidationException', message);
    this.name = 'ValidationError';
  }
}

/** The caller may not make the request: e.g. another account publishing a source the bus policy does not admit it for. */
export class AccessDeniedError extends EventBridgeServiceError {
  constructor(message: string) {
    super('AccessDeniedException', message);
    this.name = 'AccessDeniedError';
  }
}

/** A bus or rule the request names does not exist in the synthesized templates. */
export class ResourceNotFoundError extends EventBridgeServiceError {
  constructor(message: string) {
    super('ResourceNotFoundException', message);
    this.name = 'ResourceNotFoundError';
  }
}

/** The request's `X-Amz-Target` names an operation the local endpoint does not implement. */
export class UnknownOperationError extends EventBridgeServiceError {
  constructor(target: string) {
    super(
      'UnknownOperationException',
      `The local EventBridge endpoint does not implement ${JSON.stringify(target)}. ` +
        'Supported: PutEvents, ListEventBuses, DescribeEventBus, ListRules, DescribeRule, ListTargetsByRule, TestEventPattern, StartReplay, DescribeReplay, ListReplays, CancelReplay, DescribeArchive, ListArchives.',
    );
    this.name = 'UnknownOperationError';
  }
}

/** The request body is not the JSON the AWS JSON 1.1 protocol requires. */
export class SerializationError extends EventBridgeServiceError {
  constructor(message: string) {
    super('SerializationException', message);
    this.name = 'SerializationError';
  }
}

/** The synthesized template declares a bus, rule or target the endpoint cannot stand up. */
export class UnsupportedTemplateError extends LocalEventBridgeError {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedTemplateError';
  }
}
