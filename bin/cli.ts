import { Command } from 'commander';
import { registerTestPatternCommand } from './commands/test-pattern';
import { registerPublishCommand } from './commands/publish';
import { registerSchemaCommand } from './commands/schema';
import { registerStartCommand } from './commands/start';
import { registerOutboxCommand } from './commands/outbox';

/** Builds the `event-router` command line; each subcommand lives in its own file under `bin/commands/`. */
export function buildCli(): Command {
  const program = new Command()
    .name('event-router')
    .description('Serverless event router: test patterns, publish events, check schemas and run the stacks locally.')
    .showHelpAfterError();
  registerTestPatternCommand(program);
  registerPublishCommand(program);
  registerSchemaCommand(program);
  registerStartCommand(program);
  registerOutboxCommand(program);
  return program;
}

await buildCli().parseAsync(process.argv);
