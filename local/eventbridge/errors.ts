/**
 * Errors of the pattern engine and PutEvents validation. Each carries the AWS error code, so the
 * local endpoint can return it unchanged and a caller sees what AWS would have said.
 */
export class EventBridgeEngineError extends Error {
  /** AWS error code, e.g. `InvalidEventPatternException` or `ValidationException`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventBridgeEngineError';
    this.code = code;
  }
}

/** Prefix AWS puts before every reason it gives for an invalid event pattern. */
export const INVALID_PATTERN_PREFIX = 'Event pattern is not valid. Reason: ';

/**
 * An event pattern AWS would reject (PutRule / TestEventPattern `InvalidEventPatternException`).
 * `message` is AWS's full message, `reason` the text after `Reason: ` (e.g. `Empty arrays are not allowed`),
 * `path` the dotted pattern field it concerns when known.
 */
export class InvalidEventPatternError extends EventBridgeEngineError {
  readonly reason: string;
  readonly path: string | undefined;
  /** The rule whose pattern this is, when the pattern came from a rule set. */
  readonly ruleName: string | undefined;
  /** Jackson's ` at [Source: ...]` suffix for JSON syntax errors, empty otherwise. */
  readonly location: string;

  constructor(
    reason: string,
    options: { path?: string; location?: string; ruleName?: string; cause?: unknown } = {},
  ) {
    super('InvalidEventPatternException', INVALID_PATTERN_PREFIX + reason + (options.location ?? ''), {
      cause: options.cause,
    });
    this.name = 'InvalidEventPatternError';
    this.reason = reason;
    this.path = options.path;
    this.ruleName = options.ruleName;
    this.location = options.location ?? '';
  }
}

/** An event TestEventPattern refuses (not a JSON object): AWS answers `ValidationException`. */
export class InvalidEventError extends EventBridgeEngineError {
  /** What was wrong with the event; AWS's message says nothing more, the CLI shows this. */
  readonly detail: string | undefined;

  constructor(detail?: string, options?: { cause?: unknown }) {
    super('ValidationException', 'Parameter Event is not valid.', options);
    this.name = 'InvalidEventError';
    this.detail = detail;
  }
}

/** A PutEvents call AWS rejects as a whole (0 or more than 10 entries, total size over the limit). */
export class PutEventsValidationError extends EventBridgeEngineError {
  constructor(message: string) {
    super('ValidationException', message);
    this.name = 'PutEventsValidationError';
  }
}

/** A rule target whose Input / InputPath / InputTransformer AWS would refuse at PutTargets. */
export class InvalidTargetInputError extends EventBridgeEngineError {
  constructor(message: string) {
    super('ValidationException', message);
    this.name = 'InvalidTargetInputError';
  }
}

/**
 * A pattern's JSON text that Jackson (the parser behind EventBridge) would not read, in Jackson's words
 * (`Unrecognized token 'this': was expecting ...`); the pattern compiler turns it into an
 * InvalidEventPatternError, which is what AWS answers.
 */
export class JsonSyntaxError extends EventBridgeEngineError {
  /** Jackson's message without the location. */
  readonly reason: string;
  /** Jackson's `\n at [Source: ...; line: L, column: C]` suffix. */
  readonly location: string;

  constructor(reason: string, location: string) {
    super('InvalidEventPatternException', reason + location);
    this.name = 'JsonSyntaxError';
    this.reason = reason;
    this.location = location;
  }
}
