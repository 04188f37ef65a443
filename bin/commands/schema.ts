import type { Command } from 'commander';

/** Placeholder until its issue lands: registers `schema` and fails loudly rather than pretending to work. */
export function registerSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('(not built yet)')
    .action(() => {
      process.stderr.write('event-router schema is not built yet.\n');
      process.exitCode = 2;
    });
}
