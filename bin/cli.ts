import { Command } from 'commander';
import { registerTestPatternCommand } from './commands/test-pattern';
import { registerPublishCommand } from './commands/publish';
import { registerSchemaCommand } from './commands/schema';
import { registerStartCommand } from './commands/start';
import { registerStatusCommand } from './commands/status';
import { registerDlqCommand } from './commands/dlq';
import { registerReplayCommand } from './commands/replay';
import { registerTraceCommand } from './commands/trace';

/** Builds the `event-router` command line; each subcommand lives in its own file under `bin/commands/`. */
export function buildCli(): Command {
  const program = new Command()
    .name('event-router')
    .description('Serverless event router: test patterns, publish events, check schemas, run the stacks locally and operate them (status, dlq, replay, trace).')
    .showHelpAfterError();
  registerTestPatternCommand(program);
  registerPublishCommand(program);
  registerSchemaCommand(program);
  registerStartCommand(program);
  registerStatusCommand(program);
  registerDlqCommand(program);
  registerReplayCommand(program);
  registerTraceCommand(program);
  return program;
}

await buildCli().parseAsync(process.argv);
