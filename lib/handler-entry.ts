import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MissingHandlerError } from './errors';

/** The Lambda handlers this library deploys itself (`handlers/<name>` in its repository). */
export type LibraryHandler = 'forwarder' | 'gap-sweeper' | 'outbox-publisher' | 'outbox-sweeper';

const PACKAGE_NAME = 'event-router';

/**
 * Entry file of one of the library's own handlers, which the constructs bundle like any other
 * function: the TypeScript source in a checkout of the repository, the built JavaScript
 * (`dist/handlers/<name>.js`) in an installed package, which ships no sources. Sources win, so a
 * checkout never bundles a stale build.
 */
export function handlerEntry(name: LibraryHandler): string {
  return packageModule(`handlers/${name}`, path.join('handlers', name, 'index.ts'), path.join('handlers', `${name}.js`));
}

/**
 * The module RouterFunction's bundles use instead of the AWS SDK's default credential chain
 * (runtime/credentials): the source in a checkout, `dist/credentials.js` when installed.
 */
export function lambdaCredentialsModule(): string {
  return packageModule('runtime/credentials', path.join('runtime', 'credentials', 'index.ts'), 'credentials.js');
}

/** A module of this package that is bundled into functions: its source when present, else its build under dist/. */
function packageModule(label: string, source: string, built: string): string {
  const root = packageRoot(import.meta.dirname);
  const candidates = [path.join(root, source), path.join(root, 'dist', built)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new MissingHandlerError(label, candidates);
  return found;
}

/** The event-router package's directory: the nearest ancestor whose package.json is named event-router. */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}
