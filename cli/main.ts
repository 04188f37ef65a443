import { Command, type CommanderError } from 'commander';
import { registerTestPatternCommand } from './commands/test-pattern';
import { registerPublishCommand } from './commands/publish';
import { registerSchemaCommand } from './commands/schema';
import { registerStartCommand } from './commands/start';
import { registerOutboxCommand } from './commands/outbox';
import { registerStatusCommand } from './commands/status';
import { registerDlqCommand } from './commands/dlq';
import { registerReplayCommand } from './commands/replay';
import { registerTraceCommand } from './commands/trace';
import { registerAddCommand } from './add-consumer/index';

/** Usage errors (unknown option, missing argument, invalid value) are bad input: exit 2, as documented; help exits 0. */
function usageErrorsExit2(error: CommanderError): never {
  process.exit(error.exitCode === 0 ? 0 : 2);
}

/** Builds the `event-router` command line; each subcommand lives in its own file under `cli/commands/`. */
export function buildCli(): Command {
  const program = new Command()
    .name('event-router')
    .description('Serverless event router: test patterns, publish events, check schemas, run the stacks locally and operate them (status, dlq, replay, trace, outbox).')
    .showHelpAfterError()
    // Set before the subcommands are added, so each inherits it.
    .exitOverride(usageErrorsExit2);
  registerTestPatternCommand(program);
  registerPublishCommand(program);
  registerSchemaCommand(program);
  registerStartCommand(program);
  registerOutboxCommand(program);
  registerStatusCommand(program);
  registerDlqCommand(program);
  registerReplayCommand(program);
  registerTraceCommand(program);
  registerAddCommand(program);
  return program;
}

/**
 * Every command answers its own errors in words; anything that still escapes is a bug, reported as
 * one line with what to do rather than a stack trace.
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildCli().parseAsync([...argv]);
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    process.stderr.write(`event-router failed unexpectedly: ${name}: ${message}\nThis is a bug of event-router: please report it with the command you ran.\n`);
    process.exitCode = 1;
  }
}

await runCli(process.argv);
