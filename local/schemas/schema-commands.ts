import { checkSchemaTree, formatChecks } from './check-all';
import { diffSchemas } from './check-compatibility';
import { DEFAULT_COMPATIBILITY_MODE, parseCompatibilityMode } from './compatibility-mode';
import { SchemaToolingError } from './errors';
import { DEFAULT_GENERATED_DIR, findStaleGeneratedFiles, writeGeneratedFiles } from './generate-code';
import { DEFAULT_SCHEMA_ROOT, loadSchemaFile, loadSchemaTree } from './schema-tree';

/** What a `schema` subcommand produced: the CLI prints it and exits with `exitCode`. */
export interface CommandResult {
  /** 0 compatible / up to date, 1 incompatible / stale, 2 invalid input. */
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/** `schema diff OLD NEW [--mode]`: is NEW a compatible successor of OLD? */
export function runSchemaDiff(oldFile: string, newFile: string, options: { mode?: string; json?: boolean } = {}): CommandResult {
  return guarded(() => {
    const mode = options.mode === undefined ? DEFAULT_COMPATIBILITY_MODE : parseCompatibilityMode(options.mode);
    const previous = { label: oldFile, schema: loadSchemaFile(oldFile) };
    const next = { label: newFile, schema: loadSchemaFile(newFile) };
    const incompatibilities = diffSchemas(previous, next, mode);
    const exitCode = incompatibilities.length === 0 ? 0 : 1;
    if (options.json) return { exitCode, stdout: `${JSON.stringify({ mode, compatible: exitCode === 0, incompatibilities }, null, 2)}\n`, stderr: '' };
    const stdout =
      exitCode === 0
        ? `compatible (${mode}): ${next.label} can follow ${previous.label}\n`
        : `INCOMPATIBLE (${mode}): ${incompatibilities.length} problem(s) with ${next.label} after ${previous.label}\n` +
          incompatibilities.map((i) => `  - ${i.message}\n`).join('');
    return { exitCode, stdout, stderr: '' };
  });
}

/** `schema check [--root]`: every version of every event against its predecessors within its major. */
export function runSchemaCheck(options: { root?: string } = {}): CommandResult {
  return guarded(() => {
    const checks = checkSchemaTree(loadSchemaTree(options.root ?? DEFAULT_SCHEMA_ROOT));
    const failed = checks.filter((c) => c.incompatibilities.length > 0);
    const summary =
      failed.length === 0
        ? `\nAll ${checks.length} schema version(s) are compatible with their predecessors.\n`
        : `\n${failed.length} schema version(s) break their compatibility mode. Make the change compatible, or ` +
          `publish it as a new major version (see docs/schemas.md).\n`;
    return { exitCode: failed.length === 0 ? 0 : 1, stdout: `${formatChecks(checks)}\n${summary}`, stderr: '' };
  });
}

/** `schema types [--check]`: regenerates (or, with check, compares) the app's schemas/generated/. */
export async function runSchemaTypes(options: { root?: string; out?: string; check?: boolean } = {}): Promise<CommandResult> {
  try {
    const tree = loadSchemaTree(options.root ?? DEFAULT_SCHEMA_ROOT);
    const out = options.out ?? DEFAULT_GENERATED_DIR;
    if (options.check) {
      const stale = await findStaleGeneratedFiles(tree, out);
      return stale.length === 0
        ? { exitCode: 0, stdout: 'generated schema types are up to date\n', stderr: '' }
        : { exitCode: 1, stdout: '', stderr: `stale generated files in ${out}: ${stale.join(', ')}. Run \`npm run schema:types\` and commit the result.\n` };
    }
    let written: string[];
    try {
      written = await writeGeneratedFiles(tree, out);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      // A folder the user cannot write is bad input (exit 2), said in words, not a stack trace.
      return {
        exitCode: 2,
        stdout: '',
        stderr:
          `invalid input: cannot write the generated types to ${out}: ${(error as Error).message}. ` +
          'Pass --out <a folder you can write>, or leave --out out for schemas/generated/.\n',
      };
    }
    return { exitCode: 0, stdout: `wrote ${written.length} file(s) to ${out}\n`, stderr: '' };
  } catch (error) {
    return failure(error);
  }
}

function guarded(run: () => CommandResult): CommandResult {
  try {
    return run();
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): CommandResult {
  if (error instanceof SchemaToolingError) return { exitCode: 2, stdout: '', stderr: `invalid input: ${error.message}\n` };
  throw error;
}
