/**
 * Errors of the CLI's commands: what the user typed cannot be used. Each message says which option
 * was wrong and what to do; the command prints it and exits 2.
 */

/** Base of every command's input error (exit 2). */
export class CommandInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** `publish`: an option or the detail cannot be used. */
export class PublishInputError extends CommandInputError {}

/** `outbox`: an option cannot be used. */
export class OutboxInputError extends CommandInputError {}

/** `test-pattern`: a missing or unreadable argument. */
export class UsageError extends CommandInputError {}
