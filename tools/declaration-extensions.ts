import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]*)\2/g;

/**
 * The sources import `./x` (bundler resolution), but a user's TypeScript with `moduleResolution`
 * node16/nodenext resolves an ES module's relative imports only with extensions. Rewrites every
 * relative specifier of the .d.ts files under `dir` to `./x.js` or `./x/index.js`; returns how many files.
 */
export function addDeclarationExtensions(dir: string): number {
  let files = 0;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      files += addDeclarationExtensions(path);
      continue;
    }
    if (!path.endsWith('.d.ts')) continue;
    const text = readFileSync(path, 'utf8');
    const fixed = text.replace(SPECIFIER, (whole, before: string, quote: string, specifier: string) => {
      if (/\.(js|mjs|cjs|json)$/.test(specifier)) return whole;
      const base = join(dirname(path), specifier);
      const target = existsSync(`${base}.d.ts`) ? `${specifier}.js` : existsSync(join(base, 'index.d.ts')) ? `${specifier}/index.js` : undefined;
      if (target === undefined) throw new Error(`${path}: cannot resolve ${specifier} to a declaration file.`);
      return `${before}${quote}${target}${quote}`;
    });
    if (fixed !== text) writeFileSync(path, fixed);
    files += 1;
  }
  return files;
}
