/**
 * Errors of `event-router add consumer`. Each message is one line saying what was wrong and what to
 * do; the command prints it and exits 2 without writing anything.
 */

/** Base of every refusal of the generator: bad input (exit 2), nothing written. */
export class AddConsumerError extends Error {
  /** The CLI's exit code for bad input. */
  public readonly exitCode = 2;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The consumer name, the pattern or the ordering-key path cannot make a valid consumer. */
export class InvalidConsumerInputError extends AddConsumerError {}

/** A consumer of that name, or one of its files, already exists with different content. */
export class ConsumerExistsError extends AddConsumerError {}

/** The app's files are not where or what the generator needs (no package.json, an unreadable consumer list). */
export class AppLayoutError extends AddConsumerError {}
