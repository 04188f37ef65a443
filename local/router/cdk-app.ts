import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotACdkAppError } from './errors';

/** What `cdk.json` says about an app: how to run it, its context and which files it is built from. */
export interface CdkAppConfig {
  /** The app's directory (where cdk.json is). */
  readonly dir: string;
  /** The command that runs the app (`app` of cdk.json), e.g. `npx tsx bin/app.ts`. */
  readonly command: string;
  /** cdk.json `context` merged with cdk.context.json, as the CDK CLI passes them. */
  readonly context: Record<string, unknown>;
  /**
   * Paths (relative to dir) whose contents the templates depend on: the top folders of cdk.json
   * `watch.include` plus the project files, or undefined when cdk.json names none.
   */
  readonly inputs: readonly string[] | undefined;
}

const PROJECT_FILES = ['cdk.json', 'cdk.context.json', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** Reads `<dir>/cdk.json`; a missing file or one without an `app` command is refused with what to do. */
export function readCdkApp(dir: string): CdkAppConfig {
  const file = join(dir, 'cdk.json');
  if (!existsSync(file)) {
    throw new NotACdkAppError(`${dir} has no cdk.json: run event-router start in the directory of your CDK app (where cdk.json is).`);
  }
  let json: { app?: unknown; context?: unknown; watch?: { include?: unknown } };
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as typeof json;
  } catch (error) {
    throw new NotACdkAppError(`${file} is not valid JSON (${(error as Error).message}); fix it as for \`cdk synth\`.`);
  }
  if (typeof json.app !== 'string' || json.app.trim() === '') {
    throw new NotACdkAppError(`${file} has no "app" command (e.g. "npx tsx bin/app.ts"); add the one \`cdk synth\` would run.`);
  }
  const saved = join(dir, 'cdk.context.json');
  const context = {
    ...(isObject(json.context) ? json.context : {}),
    ...(existsSync(saved) ? (JSON.parse(readFileSync(saved, 'utf8')) as Record<string, unknown>) : {}),
  };
  const include = json.watch?.include;
  const patterns = typeof include === 'string' ? [include] : Array.isArray(include) ? include.filter((p): p is string => typeof p === 'string') : [];
  // `bin/**` -> `bin`: a whole folder is hashed, which covers every glob under it.
  const folders = patterns.map((pattern) => pattern.split('/')[0]!).filter((top) => top !== '' && !top.includes('*'));
  return { dir, command: json.app, context, inputs: folders.length === 0 ? undefined : [...new Set([...folders, ...PROJECT_FILES])] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
