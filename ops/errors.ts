/** Base of every error the ops layer throws; `exitCode` is what the CLI exits with (2 bad input, 1 a problem). */
export class OpsError extends Error {
  readonly exitCode: 1 | 2 = 1;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input the command cannot use (an unknown consumer, a bad filter, a time that is not a time): exit 2. */
export class OpsInputError extends OpsError {
  override readonly exitCode = 2 as const;
}

/** A `--filter` expression that does not parse; the message shows the accepted forms. */
export class FilterSyntaxError extends OpsInputError {}

/** The named consumer does not exist where the command looked (local runtime or AWS stacks). */
export class ConsumerNotFoundError extends OpsInputError {
  constructor(
    readonly consumer: string,
    readonly known: readonly string[],
  ) {
    super(`No consumer is named ${JSON.stringify(consumer)}. Known consumers: ${known.join(', ') || '(none)'}.`);
  }
}

/** The local runtime or the AWS stacks could not be found or read; the message says where it looked. */
export class DiscoveryError extends OpsError {}

/** A replay could not be started, or ended FAILED/CANCELLED. */
export class ReplayError extends OpsError {}
