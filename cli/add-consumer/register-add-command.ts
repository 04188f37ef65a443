import type { Command, CommanderError } from 'commander';
import { addConsumer } from './add-consumer';

interface AddConsumerCommandOptions {
  readonly pattern: string;
  readonly orderBy?: string;
  readonly transactional?: boolean;
  readonly dryRun?: boolean;
}

/** Usage errors (unknown option, missing argument) are bad input: exit 2; help exits 0. */
function usageErrorsExit2(error: CommanderError): never {
  process.exit(error.exitCode === 0 ? 0 : 2);
}

/** Registers `event-router add` and its `add consumer <name>` subcommand. */
export function registerAddCommand(program: Command): void {
  const add = program
    .command('add')
    .description('Add to the app (run in its directory: the nearest package.json upward). `add consumer <name>` writes a new consumer.')
    .exitOverride(usageErrorsExit2);
  add
    .command('consumer')
    .description(
      'Write a consumer: its definition consumers/<name>.ts (registered in consumers/index.ts, from which its stack derives), its handler ' +
        'functions/<name>/index.ts + <name>.ts, a unit test and a fixture event in test/functions/<name>/; then run the test and print the ' +
        'replay that backfills it. Running it again changes nothing. Exit 0 done, 1 the new test failed, 2 bad input (nothing written).',
    )
    .argument('<name>', 'the consumer name: kebab-case, a letter first, at most 40 characters (it names the rule, queues, function and stack)')
    .requiredOption('--pattern <json>', `the EventBridge event pattern, JSON, e.g. '{"source":["orders-service"],"detail-type":["OrderPaid"]}'`)
    .option('--order-by <path>', "ordering key: one message group per value, applied in sequence order, e.g. '$.detail.data.orderId' (default: unordered)")
    .option('--transactional', "give it a state table and a handler that returns transactional() writes (exactly once per event)")
    .option('--dry-run', 'print the files that would be written (new ones in full, changed lines of updated ones); write nothing, run nothing')
    .exitOverride(usageErrorsExit2)
    .action(async (name: string, options: AddConsumerCommandOptions) => {
      process.exitCode = await addConsumer(
        { name, pattern: options.pattern, orderBy: options.orderBy, transactional: options.transactional },
        { dryRun: options.dryRun },
      );
    });
}
