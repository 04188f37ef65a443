import * as path from 'node:path';

/** Root of the repository: lib/ sits directly below it. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

/** The entry file of the Lambda function `functions/<name>/index.ts`. */
export function functionEntry(name: string): string {
  return path.join(PROJECT_ROOT, 'functions', name, 'index.ts');
}
