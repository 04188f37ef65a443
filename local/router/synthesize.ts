import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join, relative, resolve } from 'node:path';
import { readCdkApp, type CdkAppConfig } from './cdk-app';
import { SynthError } from './errors';

const FINGERPRINT_FILE = '.event-router-synth.json';
/** Never inputs of an app's templates: dependencies, outputs and tool state. */
const SKIPPED = new Set(['node_modules', 'dist', 'cdk.out', 'test-results', 'coverage']);

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  /**
   * Directory of the CDK app (where its cdk.json is).
   * @default the current directory
   */
  readonly appDir?: string;
  /**
   * Cloud assembly directory.
   * @default <appDir>/cdk.out
   */
  readonly outdir?: string;
  /**
   * Synthesize even when the inputs did not change since the last run.
   * @default false
   */
  readonly force?: boolean;
  /**
   * Synthesize in this process with this function instead of running the app's command (tests
   * that build an app of their own use it); `key` and `extraInputs` (paths relative to appDir) go
   * into the fingerprint.
   * @default - run cdk.json's `app` command
   */
  readonly inProcess?: { readonly key: string; readonly extraInputs?: readonly string[]; readonly synth: (outdir: string) => void };
}

/** What {@link synthesize} did. */
export interface SynthesizeResult {
  readonly outdir: string;
  /** False when the assembly in outdir was already built from the same inputs. */
  readonly synthesized: boolean;
  readonly ms: number;
}

/**
 * Synthesizes a CDK app into `outdir` the way the CDK CLI does (it runs cdk.json's `app` command
 * with CDK_OUTDIR and CDK_CONTEXT_JSON), so the templates are the ones `cdk deploy` would use,
 * unless the assembly there was built from byte-identical inputs: bundling every function takes
 * tens of seconds, so an unchanged app starts from the assembly it has.
 */
export async function synthesize(options: SynthesizeOptions = {}): Promise<SynthesizeResult> {
  const started = Date.now();
  const appDir = resolve(options.appDir ?? process.cwd());
  const app = readCdkApp(appDir);
  const outdir = resolve(options.outdir ?? join(appDir, 'cdk.out'));
  const inputs = [...(app.inputs ?? ['.']), ...(options.inProcess?.extraInputs ?? [])];
  const fingerprint = inputsFingerprint(appDir, outdir, inputs, options.inProcess?.key ?? app.command);
  const marker = join(outdir, FINGERPRINT_FILE);
  if (options.force !== true && existsSync(join(outdir, 'manifest.json')) && existsSync(marker)) {
    if ((JSON.parse(readFileSync(marker, 'utf8')) as { fingerprint?: string }).fingerprint === fingerprint) {
      return { outdir, synthesized: false, ms: Date.now() - started };
    }
  }
  if (options.inProcess !== undefined) options.inProcess.synth(outdir);
  else await runApp(app, outdir);
  writeFileSync(marker, JSON.stringify({ fingerprint, at: new Date().toISOString() }));
  return { outdir, synthesized: true, ms: Date.now() - started };
}

/** SHA-256 over the paths and contents of every input file, so any edit (or a new file) changes it. */
function inputsFingerprint(appDir: string, outdir: string, inputs: readonly string[], key: string): string {
  const hash = createHash('sha256').update(key);
  const visit = (path: string) => {
    if (!existsSync(path) || path === outdir) return;
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (SKIPPED.has(entry) || entry.startsWith('.') || entry.startsWith('cdk.out')) continue;
        visit(join(path, entry));
      }
      return;
    }
    hash.update(relative(appDir, path)).update('\0').update(readFileSync(path)).update('\0');
  };
  for (const input of inputs) visit(resolve(appDir, input));
  return hash.digest('hex');
}

/** Runs the app's command as `cdk synth` would: in its directory, with the assembly protocol's variables. */
function runApp(app: CdkAppConfig, outdir: string): Promise<void> {
  mkdirSync(outdir, { recursive: true });
  return new Promise((done, reject) => {
    const context = { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true, ...app.context };
    const env = {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify(context),
      // The app's own tools (tsx, ts-node) whether or not npm put them on the PATH.
      PATH: [join(app.dir, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter),
    };
    const child = spawn(app.command, { cwd: app.dir, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => reject(new SynthError(`Could not run the app command ${JSON.stringify(app.command)}: ${error.message}.`)));
    child.on('exit', (code) => {
      if (code === 0 && existsSync(join(outdir, 'manifest.json'))) return done();
      const why = code === 0 ? 'it exited 0 but wrote no cloud assembly (does it call app.synth()?)' : `exit ${code}`;
      reject(new SynthError(`Synthesizing the CDK app (${app.command}) failed: ${why}; nothing was started.\n${output.trim()}`));
    });
  });
}
