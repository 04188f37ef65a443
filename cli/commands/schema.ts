import type { Command, CommanderError } from 'commander';
import { COMPATIBILITY_MODES, runSchemaCheck, runSchemaDiff, runSchemaTypes, type CommandResult } from '../../local/schemas/index';

function emit(result: CommandResult): void {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}

/** Usage errors (missing argument, unknown option) are invalid input: exit 2, as documented, not commander's 1. */
function usageErrorsExit2(error: CommanderError): never {
  process.exit(error.exitCode === 0 ? 0 : 2);
}

/** Registers `schema diff | check | types`: the event schema compatibility gate and type generator. */
export function registerSchemaCommand(program: Command): void {
  const schema = program.command('schema').description('Event schemas: compatibility checks and generated TypeScript types (see docs/schemas.md).');

  schema
    .command('diff')
    .description('Check that NEW can follow OLD. Exit 0 compatible, 1 incompatible (reasons printed), 2 invalid input.')
    .argument('<old>', 'the earlier schema file')
    .argument('<new>', 'the proposed schema file')
    .option('--mode <mode>', `one of ${COMPATIBILITY_MODES.join(', ')}`, 'FULL_TRANSITIVE')
    .option('--json', 'print the result as JSON')
    .exitOverride(usageErrorsExit2)
    .action((oldFile: string, newFile: string, options: { mode: string; json?: boolean }) => emit(runSchemaDiff(oldFile, newFile, options)));

  schema
    .command('check')
    .description('Check every version under schemas/ against its predecessors in its major version. Exit 0 ok, 1 broken, 2 invalid schema files.')
    .option('--root <dir>', 'schema folder', undefined)
    .exitOverride(usageErrorsExit2)
    .action((options: { root?: string }) => emit(runSchemaCheck(options)));

  schema
    .command('types')
    .description('Regenerate schemas/generated/ from schemas/ (of the current directory): TypeScript types, the registry and the validators compiled for Lambda bundles.')
    .option('--check', 'only report whether the generated files are stale (exit 1 when they are)')
    .option('--root <dir>', 'schema folder')
    .option('--out <dir>', 'output folder')
    .exitOverride(usageErrorsExit2)
    .action(async (options: { check?: boolean; root?: string; out?: string }) => emit(await runSchemaTypes(options)));
}
