import { readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

/** The page's files (plain ES modules, CSS, HTML): served as they are, nothing to build. */
export const PUBLIC_DIR = resolve(import.meta.dirname, 'public');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A file under {@link PUBLIC_DIR} by URL path (`/` is index.html); undefined for anything else, traversal included. */
export async function readStatic(urlPath: string): Promise<{ body: Buffer; type: string } | undefined> {
  const relative = urlPath === '/' ? 'index.html' : decodeURIComponent(urlPath.replace(/^\/+/, ''));
  const file = resolve(join(PUBLIC_DIR, relative));
  if (!file.startsWith(PUBLIC_DIR + sep)) return undefined;
  const type = TYPES[file.slice(file.lastIndexOf('.'))];
  if (type === undefined) return undefined;
  try {
    return { body: await readFile(file), type };
  } catch {
    return undefined;
  }
}
