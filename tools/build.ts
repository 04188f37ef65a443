/**
 * `npm run build`: the installable package in dist/. One esbuild pass bundles the package's entry
 * points (constructs, runtime, testing, CLI, the library's own Lambda handlers) as ES modules
 * sharing chunks, so a class is the same class whichever entry a user imports it from; third-party
 * packages stay imports (they are the package's dependencies). tsc then writes the type
 * declarations, and files the code reads at run time are copied next to the code.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { addDeclarationExtensions } from './declaration-extensions';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');

/** Entry name (path under dist/, without .js) -> source. */
const ENTRIES: Record<string, string> = {
  index: 'lib/index.ts',
  runtime: 'runtime/index.ts',
  testing: 'local/testing/index.ts',
  cli: 'cli/main.ts',
  credentials: 'runtime/credentials/index.ts',
  'handlers/forwarder': 'handlers/forwarder/index.ts',
  'handlers/gap-sweeper': 'handlers/gap-sweeper/index.ts',
  'handlers/outbox-publisher': 'handlers/outbox-publisher/index.ts',
  'handlers/outbox-sweeper': 'handlers/outbox-sweeper/index.ts',
};

/** Files read at run time through `import.meta.url`, copied to where the bundled code looks for them. */
const ASSETS: Array<[from: string, to: string]> = [
  ['local/lambda/lambda-worker.mjs', 'lambda-worker.mjs'],
  ['local/web/public', 'public'],
];

const started = Date.now();
rmSync(DIST, { recursive: true, force: true });
process.stdout.write('Bundling the entry points ...\n');
await build({
  entryPoints: Object.entries(ENTRIES).map(([out, source]) => ({ out, in: join(ROOT, source) })),
  outdir: DIST,
  bundle: true,
  splitting: true,
  // Chunks sit in dist/ itself, so code that finds its files next to it (ASSETS) finds them wherever esbuild put it.
  chunkNames: '[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // Error classes name themselves after their class (`new.target.name`); keep the names readable.
  keepNames: true,
  sourcemap: true,
  logLevel: 'warning',
});
for (const [from, to] of ASSETS) cpSync(join(ROOT, from), join(DIST, to), { recursive: true });

process.stdout.write('Writing type declarations ...\n');
execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], {
  cwd: ROOT,
  stdio: 'inherit',
});
const rewritten = addDeclarationExtensions(join(DIST, 'types'));
process.stdout.write(`Built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s (${rewritten} declaration files).\n`);
