/** Base of the errors the fault layer throws. */
export class FaultError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A `--faults` spec (or a programmatic `FaultSpec`) that names an unknown fault or an invalid value: bad input, exit 2. */
export class FaultSpecError extends FaultError {}
