/**
 * Errors thrown while constructs are being defined (at `cdk synth` time), before
 * anything reaches CloudFormation. Each message says which prop was wrong, on which
 * construct, and what to change.
 */

/** Base class of every validation error thrown by the event-router constructs. */
export class EventRouterConstructError extends Error {
  /** Construct path (or id) the error was raised for. */
  public readonly constructPath: string;

  constructor(constructPath: string, message: string, options?: { cause?: unknown }) {
    super(`${constructPath}: ${message}`, options);
    this.name = new.target.name;
    this.constructPath = constructPath;
  }
}

/** A prop holds a value outside its allowed range or format. */
export class InvalidPropError extends EventRouterConstructError {
  /** Name of the offending prop. */
  public readonly prop: string;
  /** The value that was rejected. */
  public readonly value: unknown;

  constructor(constructPath: string, prop: string, value: unknown, requirement: string) {
    super(constructPath, `invalid ${prop} ${JSON.stringify(value)}: ${requirement}`);
    this.prop = prop;
    this.value = value;
  }
}

/**
 * The queue's visibility timeout is shorter than 6 x the function timeout. Lambda's
 * guidance for SQS event sources: shorter and a message still being processed becomes
 * visible again and is delivered twice (and, on FIFO, blocks its group out of order).
 */
export class VisibilityTimeoutTooShortError extends EventRouterConstructError {
  constructor(
    constructPath: string,
    public readonly visibilityTimeoutSeconds: number,
    public readonly functionTimeoutSeconds: number,
  ) {
    super(
      constructPath,
      `visibilityTimeout (${visibilityTimeoutSeconds}s) must be at least 6 x functionTimeout ` +
        `(${functionTimeoutSeconds}s = ${functionTimeoutSeconds * 6}s). Raise visibilityTimeout to ` +
        `${functionTimeoutSeconds * 6}s or more, or lower functionTimeout to ` +
        `${Math.floor(visibilityTimeoutSeconds / 6)}s or less.`,
    );
  }
}

/** Retentions of a consumer's path, in seconds, that the dedupe window must cover. */
export interface RedeliveryWindows {
  readonly bufferRetention: number;
  readonly queueRetention: number;
  readonly deadLetterRetention: number;
  readonly archiveRetention: number;
  readonly targetDeadLetterRetention: number;
}

/**
 * The dedupe window (processed-event markers, sequence cursors) ends before a copy of an event
 * can stop arriving: a DLQ redrive or archive replay after it would apply the event again.
 */
export class DedupeWindowTooShortError extends EventRouterConstructError {
  constructor(constructPath: string, public readonly dedupeTtlSeconds: number, public readonly windows: RedeliveryWindows) {
    const days = (seconds: number) => `${+(seconds / 86_400).toFixed(2)}d`;
    const entry = Math.max(windows.archiveRetention, windows.targetDeadLetterRetention);
    const required = windows.bufferRetention + windows.queueRetention + windows.deadLetterRetention + entry;
    const entryText =
      windows.archiveRetention >= windows.targetDeadLetterRetention
        ? `archiveRetention ${days(windows.archiveRetention)}`
        : `rule-target DLQ ${days(windows.targetDeadLetterRetention)} (longer than archiveRetention ${days(windows.archiveRetention)})`;
    super(
      constructPath,
      `dedupeTtl (${days(dedupeTtlSeconds)}) is shorter than the time a copy of an event can still arrive: ` +
        `buffer queue ${days(windows.bufferRetention)} + consumer queue ${days(windows.queueRetention)} + ` +
        `DLQ ${days(windows.deadLetterRetention)} + ${entryText} = ${days(required)}; ` +
        `a redrive or replay after the window would apply the event again. Raise dedupeTtl to ${days(required)} ` +
        `(Duration.seconds(${required})) or more, or remove it to get that default; if the bus archive keeps ` +
        'events for less time, set archiveRetention to the bus\'s archiveRetention.',
    );
  }
}

/** The ordering key is not a JSON path this project can resolve (`$.a.b.c`). */
export class InvalidOrderingKeyError extends EventRouterConstructError {
  constructor(constructPath: string, public readonly path: string, reason: string) {
    super(
      constructPath,
      `ordering key ${JSON.stringify(path)} is not usable: ${reason}. Use a dotted JSON path into the ` +
        `event such as "$.detail.data.orderId", or OrderingKey.none() for an unordered consumer.`,
    );
  }
}

/** A cross-account publisher policy would open the bus to everyone, or names an invalid principal. */
export class InvalidPublisherPolicyError extends EventRouterConstructError {}

/** Two consumers of one app share a name; each consumer's name must be unique (it names its stack, queues and dashboard). */
export class DuplicateConsumerNameError extends EventRouterConstructError {
  constructor(constructPath: string, public readonly consumerName: string) {
    super(
      constructPath,
      `consumer name ${JSON.stringify(consumerName)} is listed more than once; each consumer needs its own name ` +
        '(it names the stack, queues and dashboard). Rename one, or merge the two into one consumer with a wider event pattern.',
    );
  }
}

/** Code the library bundles into functions is missing: neither its source (a checkout) nor its build (an installed package) exists. */
export class MissingHandlerError extends EventRouterConstructError {
  constructor(module: string, looked: readonly string[]) {
    super(
      module,
      `the code of ${module} is missing (looked for ${looked.join(' and ')}). ` +
        'In a checkout of event-router, restore it; in an installed package, reinstall it (npm ci): the package ships dist/.',
    );
  }
}
