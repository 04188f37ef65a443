import type { Command } from 'commander';

/** Placeholder until its issue lands: registers `test-pattern` and fails loudly rather than pretending to work. */
export function registerTestPatternCommand(program: Command): void {
  program
    .command('test-pattern')
    .description('(not built yet)')
    .action(() => {
      process.stderr.write('event-router test-pattern is not built yet.\n');
      process.exitCode = 2;
    });
}
