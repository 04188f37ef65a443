/** Base of the errors the local runtime's orchestration throws. */
export class LocalRuntimeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A resource could not be created on its local emulator. */
export class ProvisioningError extends LocalRuntimeError {
  constructor(
    readonly resource: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${resource}: ${message}`, options);
  }
}

/** A lookup (`queueUrl`, `tableName`, `fn`, ...) named no resource, or more than one. */
export class ResourceLookupError extends LocalRuntimeError {}
