import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppLayoutError } from './errors';

/** The app the consumer is added to, as its package.json describes it. */
export interface AppInfo {
  /** The directory of the nearest package.json, upward from where the command runs. */
  readonly root: string;
  /** `jest` when the app depends on jest (generated test uses jest's globals), else `node` (`node:test`). */
  readonly testRunner: 'jest' | 'node';
  /** The app's package.json has a `test` script (`npm test -- <file>` runs the new test). */
  readonly hasTestScript: boolean;
  /**
   * The generated code is an ES module (`import.meta.url`, not `__dirname`): the package is `"type": "module"`,
   * or the test runs under `node --test`, which treats files with `import` statements as ES modules.
   */
  readonly esm: boolean;
}

interface PackageJson {
  readonly type?: unknown;
  readonly scripts?: Readonly<Record<string, unknown>>;
  readonly dependencies?: Readonly<Record<string, unknown>>;
  readonly devDependencies?: Readonly<Record<string, unknown>>;
}

/** Finds the app root (nearest package.json upward from `cwd`) and how its tests run. */
export function findApp(cwd: string): AppInfo {
  let dir = resolve(cwd);
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return appInfo(dir, readPackageJson(file));
    const parent = dirname(dir);
    if (parent === dir) {
      throw new AppLayoutError(`no package.json in ${resolve(cwd)} or above: run the command in your app's directory (npm init -y creates one).`);
    }
    dir = parent;
  }
}

function readPackageJson(file: string): PackageJson {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as PackageJson;
  } catch (error) {
    throw new AppLayoutError(`${file} cannot be read (${(error as Error).message}): fix it, then run the command again.`, { cause: error });
  }
}

function appInfo(root: string, pkg: PackageJson): AppInfo {
  const jest = pkg.dependencies?.['jest'] !== undefined || pkg.devDependencies?.['jest'] !== undefined;
  const testRunner = jest ? 'jest' : 'node';
  return {
    root,
    testRunner,
    hasTestScript: typeof pkg.scripts?.['test'] === 'string',
    esm: testRunner === 'node' || pkg.type === 'module',
  };
}
