import type { Command } from 'commander';

/** Placeholder until its issue lands: registers `publish` and fails loudly rather than pretending to work. */
export function registerPublishCommand(program: Command): void {
  program
    .command('publish')
    .description('(not built yet)')
    .action(() => {
      process.stderr.write('event-router publish is not built yet.\n');
      process.exitCode = 2;
    });
}
