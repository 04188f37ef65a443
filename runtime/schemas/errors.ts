/**
 * Errors of the schema registry that runs in Lambdas and producer apps. Each names the
 * event (eventType and version), the field and the rule, and says what to do.
 */

/** Base class of every schema error raised while publishing or consuming an event. */
export class EventSchemaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An `eventVersion` that is not `MAJOR` or `MAJOR.MINOR` (e.g. `"1"`, `"1.2"`). */
export class InvalidEventVersionError extends EventSchemaError {
  constructor(
    public readonly version: string,
    public readonly where: string,
  ) {
    super(
      `${where} ${JSON.stringify(version)} is not a schema version: write MAJOR or MAJOR.MINOR ` +
        `with no leading zeros, e.g. "1" or "1.2".`,
    );
  }
}

/** No schema is registered for this event type, or for this version of it. Publishing it is refused. */
export class UnknownEventSchemaError extends EventSchemaError {
  constructor(
    public readonly eventType: string,
    public readonly eventVersion: string | undefined,
    /** Versions the registry knows for `eventType` (empty when the type itself is unknown). */
    public readonly knownVersions: readonly string[],
  ) {
    super(
      knownVersions.length === 0
        ? `No schema is registered for event type ${JSON.stringify(eventType)}. Add ` +
            `schemas/<source>/<DetailType>/v1.json and event.json, then run \`npm run schema:types\`.`
        : `Event type ${JSON.stringify(eventType)} has no schema version ${JSON.stringify(eventVersion)} ` +
            `(registered: ${knownVersions.join(', ')}). Publish one of those, or add the version's ` +
            `schema file and run \`npm run schema:types\`.`,
    );
  }
}

/**
 * The consumer reads no version of this event type: its `reads` list has none (whether or not
 * the type is registered elsewhere). The message fails to the consumer's DLQ.
 */
export class UnreadEventTypeError extends UnknownEventSchemaError {
  constructor(
    eventType: string,
    eventVersion: string | undefined,
    /** The event types the consumer reads. */
    public readonly readTypes: readonly string[],
  ) {
    super(eventType, eventVersion, []);
    this.message =
      `This consumer reads no version of event type ${JSON.stringify(eventType)} (it reads: ${readTypes.join(', ') || 'nothing'}). ` +
      `Add the type's compiled reader to createConsumerValidator({ reads }), or narrow the consumer's event pattern.`;
  }
}

/** `createConsumerValidator({ reads })` was given no reader, or two of one event type and major. */
export class InvalidConsumerReadsError extends EventSchemaError {}

/** One rule a value broke. */
export interface SchemaViolation {
  /** Dotted path of the offending value inside the event, e.g. `data.lines[0].quantity`. */
  readonly field: string;
  /** The JSON Schema keyword that failed, e.g. `required`, `type`, `enum`, `additionalProperties`. */
  readonly rule: string;
  /** What the rule demands, in words (ajv's message, with the allowed values for enums). */
  readonly message: string;
}

/** The event's data (or metadata) does not match the schema of its type and version. */
export class EventValidationError extends EventSchemaError {
  constructor(
    public readonly eventType: string,
    public readonly eventVersion: string,
    public readonly violations: readonly SchemaViolation[],
    /** `publish` for producer-side checks (strict: undeclared fields refused), `consume` for readers. */
    public readonly phase: 'publish' | 'consume',
  ) {
    super(
      `${eventType} v${eventVersion} is invalid (${phase}): ` +
        violations.map((v) => `${v.field} ${v.message} [rule: ${v.rule}]`).join('; ') +
        (phase === 'publish'
          ? '. Fix the data, or publish a schema version that describes it.'
          : '. The event does not match the schema version this consumer reads.'),
    );
  }
}

/**
 * The event was written with a major version the consumer does not read. Thrown rather than
 * half-processing the event: the message is retried and ends in the consumer's DLQ.
 */
export class UnsupportedMajorVersionError extends EventSchemaError {
  constructor(
    public readonly eventType: string,
    public readonly eventVersion: string,
    public readonly readerVersion: string,
  ) {
    super(
      `${eventType} v${eventVersion} cannot be read by a consumer of v${readerVersion}: major versions ` +
        `differ and may be incompatible. Deploy a consumer that reads major ` +
        `${eventVersion.split('.')[0]} (see docs/schemas.md, "Rolling out a new major"), then redrive the DLQ.`,
    );
  }
}
