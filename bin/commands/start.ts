import type { Command } from 'commander';

/** Placeholder until its issue lands: registers `start` and fails loudly rather than pretending to work. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('(not built yet)')
    .action(() => {
      process.stderr.write('event-router start is not built yet.\n');
      process.exitCode = 2;
    });
}
