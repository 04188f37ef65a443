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
  const root = packageRoot(import.meta.dirname);
  const candidates = [path.join(root, 'handlers', name, 'index.ts'), path.join(root, 'dist', 'handlers', `${name}.js`)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new MissingHandlerError(name, candidates);
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
