/**
 * Errors of the developer-machine schema tooling (loader, compatibility checker, type
 * generator). Each says which file or schema location was wrong and what to change.
 * The CLI maps every one of them to exit code 2 (invalid input).
 */

/** Base class of every schema tooling error. */
export class SchemaToolingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A schema file cannot be read, is not JSON, is not a valid draft-04 schema, or is misnamed. */
export class InvalidSchemaFileError extends SchemaToolingError {
  constructor(
    public readonly file: string,
    public readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
  }
}

/** The schema uses a construct the compatibility checker cannot reason about (e.g. a remote `$ref`). */
export class UnsupportedSchemaError extends SchemaToolingError {
  constructor(
    public readonly schemaLabel: string,
    public readonly pointer: string,
    public readonly reason: string,
  ) {
    super(`${schemaLabel} at ${pointer || '/'}: ${reason}`);
  }
}

/** A compatibility mode that is not one of Confluent Schema Registry's names. */
export class UnknownCompatibilityModeError extends SchemaToolingError {
  constructor(
    public readonly mode: string,
    allowed: readonly string[],
  ) {
    super(`Unknown compatibility mode ${JSON.stringify(mode)}: use one of ${allowed.join(', ')}.`);
  }
}
