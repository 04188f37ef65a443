import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Each folder of the library keeps its error classes in its `errors.ts`, all under one base class,
 * so a caller can catch a folder's errors with one `instanceof` and find them in one place.
 * bin/ and functions/ are left out while issue 14 moves them (to cli/ and handlers/).
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const layers = ['runtime', 'local', 'lib', 'ops', 'cli', 'handlers', 'functions'].filter((tree) => existsSync(path.join(repoRoot, tree)));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const files = layers.flatMap((layer) => sourceFiles(path.join(repoRoot, layer)));
const errorFiles = files.filter((file) => path.basename(file) === 'errors.ts');

describe('error classes', () => {
  test('are declared only in errors.ts files', () => {
    const elsewhere = files
      .filter((file) => path.basename(file) !== 'errors.ts')
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/^\s*(?:export\s+)?class\s+(\w+Error)\s+extends\b/gm)].map(
          (match) => `${path.relative(repoRoot, file)}: ${match[1]}`,
        ),
      );
    expect(elsewhere).toEqual([]);
  });

  test.each(errorFiles.map((file) => [path.relative(repoRoot, file), file]))('%s has one base class the others extend', async (_name, file) => {
    const exported = Object.values(await import(file)).filter(
      (value): value is new (...args: never[]) => Error => typeof value === 'function' && value.prototype instanceof Error,
    );
    const bases = exported.filter((errorClass) => Object.getPrototypeOf(errorClass.prototype) === Error.prototype);
    expect(bases.map((base) => base.name)).toHaveLength(1);
    const outside = exported.filter((errorClass) => !(errorClass.prototype instanceof bases[0]!) && errorClass !== bases[0]);
    expect(outside.map((errorClass) => errorClass.name)).toEqual([]);
  });
});
