import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/** Top-level folders of the project's code, each a layer (test/ and bench/ are not: they may reach in). */
export const CODE_FOLDERS = ['bin', 'cli', 'consumers', 'functions', 'handlers', 'lib', 'local', 'ops', 'runtime', 'tools'];

/** One relative import of a source file. */
export interface SourceImport {
  /** Importing file, relative to the root (`lib/outbox.ts`). */
  readonly file: string;
  /** The specifier as written (`../runtime/index`). */
  readonly specifier: string;
  /** The imported module, relative to the root, without extension (`runtime/index`). */
  readonly target: string;
}

const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;

/** Every relative import of every .ts file under the code folders. */
export function sourceImports(root: string): SourceImport[] {
  const imports: SourceImport[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'node_modules' && entry !== 'generated-fixtures') visit(path);
        continue;
      }
      if (!entry.endsWith('.ts') || entry.endsWith('.d.ts')) continue;
      const file = relative(root, path).split(sep).join('/');
      for (const match of readFileSync(path, 'utf8').matchAll(SPECIFIER)) {
        const specifier = match[2]!;
        const resolved = normalize(join(dirname(path), specifier));
        const target = existsSync(join(resolved, 'index.ts')) ? join(resolved, 'index') : resolved.replace(/\.(ts|js|mjs)$/, '');
        imports.push({ file, specifier, target: relative(root, target).split(sep).join('/') });
      }
    }
  };
  for (const folder of CODE_FOLDERS) if (existsSync(join(root, folder))) visit(join(root, folder));
  return imports;
}

/**
 * The layer a module belongs to: the deepest folder holding an index.ts (its public face) among the
 * module's folders, e.g. `runtime/outbox/sweep-outbox` -> `runtime/outbox`; `lib/outbox` -> `lib`.
 */
export function layerOf(root: string, module: string): string {
  const parts = module.split('/');
  for (let depth = parts.length - 1; depth > 0; depth -= 1) {
    const folder = parts.slice(0, depth).join('/');
    if (existsSync(join(root, folder, 'index.ts'))) return folder;
  }
  return parts[0]!;
}

/** Imports that cross into another layer without going through that layer's index. */
export function layerViolations(root: string): string[] {
  return sourceImports(root)
    .filter(({ file, target }) => {
      const from = layerOf(root, file.replace(/\.ts$/, ''));
      const to = layerOf(root, target);
      // Code generated into the app (schemas/generated) is the app's own, not a layer.
      if (!CODE_FOLDERS.includes(target.split('/')[0]!)) return false;
      if (from === to || from.startsWith(`${to}/`)) return false;
      return target !== `${to}/index`;
    })
    .map(({ file, specifier, target }) => `${file} imports ${specifier} (${target}), not ${layerOf(root, target)}/index`);
}
