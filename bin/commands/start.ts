import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InvalidArgumentError, type Command, type CommanderError } from 'commander';
import { portUnavailableReason } from '../../local/net/free-port';
import type { LocalEventBridgeOptions, LocalEventBridgeService } from '../../local/eventbridge-service';
import type { LocalRuntime, StartLocalRuntimeOptions } from '../../local/runtime/types';
import { FaultSpecError, formatFaultSpec, parseFaultSpec, type FaultSpec } from '../../local/faults';
import type { WebView } from '../../local/web';

/** The repository root (bin/commands/ is two levels below). */
const ROOT = resolve(import.meta.dirname, '..', '..');

/** What the synthesized templates depend on: a change in any of these means synthesizing again. */
const SYNTH_INPUTS = ['bin', 'lib', 'functions', 'runtime', 'schemas', 'cdk.json', 'package-lock.json', 'tsconfig.json'];
const FINGERPRINT_FILE = '.event-router-synth.json';

/** Thrown when `cdk synth` fails; carries its output so the user sees CDK's own message. */
export class SynthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SynthError';
  }
}

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  /** Cloud assembly directory. @default <repo>/cdk.out */
  readonly outdir?: string;
  /** Synthesize even when the inputs did not change since the last run. @default false */
  readonly force?: boolean;
  /**
   * Synthesize in this process with this function instead of running `cdk synth` (tests that add a
   * consumer use it); `key` and `extraInputs` (paths relative to the repo) go into the fingerprint.
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
 * Synthesizes the CDK app into `outdir` with the CDK CLI (`cdk synth --quiet`: the very templates
 * `cdk deploy` uses), unless the assembly there was built from byte-identical inputs: bundling
 * every function takes tens of seconds, so an unchanged app starts from the assembly it has.
 */
export async function synthesize(options: SynthesizeOptions = {}): Promise<SynthesizeResult> {
  const started = Date.now();
  const outdir = resolve(options.outdir ?? join(ROOT, 'cdk.out'));
  const fingerprint = inputsFingerprint([...SYNTH_INPUTS, ...(options.inProcess?.extraInputs ?? [])], options.inProcess?.key ?? 'cdk synth');
  const marker = join(outdir, FINGERPRINT_FILE);
  if (options.force !== true && existsSync(join(outdir, 'manifest.json')) && existsSync(marker)) {
    if ((JSON.parse(readFileSync(marker, 'utf8')) as { fingerprint?: string }).fingerprint === fingerprint) {
      return { outdir, synthesized: false, ms: Date.now() - started };
    }
  }
  if (options.inProcess !== undefined) options.inProcess.synth(outdir);
  else await runCdkSynth(outdir);
  writeFileSync(marker, JSON.stringify({ fingerprint, at: new Date().toISOString() }));
  return { outdir, synthesized: true, ms: Date.now() - started };
}

/** SHA-256 over the paths and contents of every input file, so any edit (or a new file) changes it. */
function inputsFingerprint(inputs: readonly string[], key: string): string {
  const hash = createHash('sha256').update(key);
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (entry === 'node_modules' || entry.startsWith('.')) continue;
        visit(join(path, entry));
      }
      return;
    }
    hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
  };
  for (const input of inputs) visit(resolve(ROOT, input));
  return hash.digest('hex');
}

function runCdkSynth(outdir: string): Promise<void> {
  return new Promise((done, reject) => {
    // The locally installed CLI, the same one `npm run synth` and `cdk deploy` use.
    const cdk = join(ROOT, 'node_modules', '.bin', 'cdk');
    const child = spawn(cdk, ['synth', '--quiet', '--output', outdir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => reject(new SynthError(`Could not run ${cdk}: ${error.message}. Run \`npm ci\` first.`)));
    child.on('exit', (code) => (code === 0 ? done() : reject(new SynthError(`cdk synth failed (exit ${code}); nothing was started.\n${output.trim()}`))));
  });
}

/** Options of {@link startLocalRouter}. */
export interface StartLocalRouterOptions extends Omit<StartLocalRuntimeOptions, 'eventBridge'> {
  readonly eventBridgeOptions?: LocalEventBridgeOptions;
}

/** The whole app running locally: the runtime (tables, queues, functions, mappings) plus the EventBridge endpoint. */
export interface LocalRouter {
  readonly runtime: LocalRuntime;
  readonly eventBridge: LocalEventBridgeService;
  /** The web view at `GET /` of the EventBridge endpoint (local/web). */
  readonly web: WebView;
  stop(): Promise<void>;
}

/** Stands up every stack of `cdkOut` with the project's EventBridge endpoint in front. */
export async function startLocalRouter(options: StartLocalRouterOptions): Promise<LocalRouter> {
  // Loaded on demand: every CLI command registers `start`, and `publish` should not pay for the runtime.
  const { startLocalRuntime } = await import('../../local/runtime');
  const { startLocalEventBridge } = await import('../../local/eventbridge-service');
  let eventBridge: LocalEventBridgeService | undefined;
  const runtime = await startLocalRuntime({
    ...options,
    eventBridge: async (context) => (eventBridge = await startLocalEventBridge(context, options.eventBridgeOptions)),
  });
  if (eventBridge === undefined) {
    await runtime.stop();
    throw new Error('The local runtime started without calling the EventBridge factory; no endpoint to serve.');
  }
  const { attachWebView } = await import('../../local/web');
  const web = attachWebView(runtime, eventBridge);
  return {
    runtime,
    eventBridge,
    web,
    stop: async () => {
      web.stop();
      await runtime.stop();
    },
  };
}

/** Options of `event-router start`, as commander parses them. */
export interface StartOptions {
  readonly port?: number;
  /** Cloud assembly directory. @default <repo>/cdk.out */
  readonly cdkOut?: string;
  readonly synth: boolean;
  readonly forceSynth?: boolean;
  readonly view: boolean;
  /** Print every line the functions write, not only warnings and errors. */
  readonly logs?: boolean;
  /** `--faults <spec>`: AWS failures to reproduce, e.g. `reorder=0.3,duplicate=0.2,seed=7` (docs/local-runtime.md). */
  readonly faults?: string;
}

/** `npm start`: synthesize, stand up, print the endpoints, show the live view until SIGINT/SIGTERM. */
export async function runStart(options: StartOptions, out: NodeJS.WriteStream = process.stdout): Promise<number> {
  const started = Date.now();
  // Signals are taken from the first moment: a Ctrl-C during stand-up must still stop DynamoDB Local's
  // Java process, which Node's default SIGINT exit would leave running.
  let interrupted: string | undefined;
  let wake: (() => void) | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted !== undefined) return;
    interrupted = signal;
    out.write(`\n${signal}: stopping ...\n`);
    wake?.();
  };
  // A bad fault spec is bad input (exit 2), told before minutes of synthesis.
  let faults: FaultSpec | undefined;
  if (options.faults !== undefined) {
    try {
      faults = parseFaultSpec(options.faults);
    } catch (error) {
      if (!(error instanceof FaultSpecError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // A taken --port is found before synthesis and DynamoDB Local's Java start, not after them.
    if (options.port !== undefined) {
      const problem = await portUnavailableReason(options.port);
      if (problem !== undefined) {
        process.stderr.write(`${portProblemMessage(options.port, problem)}\n`);
        return 1;
      }
    }
    const outdir = resolve(options.cdkOut ?? join(ROOT, 'cdk.out'));
    if (options.synth) {
      out.write(`Synthesizing the CDK app into ${relative(process.cwd(), outdir) || '.'}/ ...\n`);
      try {
        const synth = await synthesize({ outdir, force: options.forceSynth });
        out.write(synth.synthesized ? `Synthesized in ${(synth.ms / 1000).toFixed(1)} s.\n` : 'cdk.out/ is up to date with the sources; not synthesizing again.\n');
      } catch (error) {
        if (interrupted !== undefined) return 130;
        throw error;
      }
    } else if (!existsSync(join(outdir, 'manifest.json'))) {
      process.stderr.write(`${outdir} holds no cloud assembly; run without --no-synth (or \`npm run synth\`) first.\n`);
      return 2;
    }
    if (interrupted !== undefined) return 130;
    const standUp = Date.now();
    const router = await startLocalRouter({ cdkOut: outdir, eventBridgePort: options.port, faults });
    try {
      if (interrupted === undefined) {
        printEndpoints(router, out, Date.now() - started, Date.now() - standUp);
        router.runtime.events.on('warning', (error) => process.stderr.write(`warning: ${error.message}\n`));
        const { formatFunctionLog } = await import('../../local/status/function-log-filter');
        router.runtime.events.on('log', (log) => {
          const line = formatFunctionLog(log, options.logs === true ? 'all' : 'problems');
          if (line !== undefined) process.stderr.write(line);
        });
        const { startStatusView } = await import('../../local/status/status-view');
        const view = options.view ? startStatusView({ report: () => router.eventBridge.status(), out }) : undefined;
        await new Promise<void>((done) => {
          wake = done;
          if (interrupted !== undefined) done();
        });
        await view?.stop();
      }
    } finally {
      await router.stop();
    }
    out.write('Stopped: DynamoDB Local exited, every port is free.\n');
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** What to do about a --port that cannot be listened on. */
export function portProblemMessage(port: number, code: string): string {
  if (code === 'EADDRINUSE') {
    return (
      `Port ${port} on 127.0.0.1 is already in use (EADDRINUSE), perhaps by another \`npm start\`; nothing was started. ` +
      `Stop what holds it (\`lsof -i :${port}\` or \`ss -ltnp | grep ${port}\` shows it), pick another --port, or leave --port out for a free one.`
    );
  }
  if (code === 'EACCES') {
    return `Port ${port} needs privileges this user lacks (EACCES); nothing was started. Pick a port above 1023, or leave --port out for a free one.`;
  }
  return `Cannot listen on 127.0.0.1:${port} (${code}); nothing was started. Pick another --port, or leave --port out for a free one.`;
}

function printEndpoints(router: LocalRouter, out: NodeJS.WriteStream, readyMs: number, standUpMs: number): void {
  const { runtime, eventBridge } = router;
  const buses = eventBridge.busNames.filter((name) => name !== 'default');
  const region = runtime.account.region;
  out.write(
    [
      '',
      `event-router local runtime ready in ${(readyMs / 1000).toFixed(1)} s (stand-up ${(standUpMs / 1000).toFixed(1)} s)`,
      `  EventBridge  ${eventBridge.endpoint}   (bus${buses.length === 1 ? '' : 'es'}: ${buses.join(', ') || 'default'})`,
      `  SQS          ${runtime.endpoints.sqs}`,
      `  DynamoDB     ${runtime.endpoints.dynamodb}`,
      `  Status       ${eventBridge.endpoint}/status`,
      `  Web view     ${router.web.url}`,
      '',
      `export AWS_ENDPOINT_URL_EVENTBRIDGE=${eventBridge.endpoint}`,
      `export AWS_ENDPOINT_URL_SQS=${runtime.endpoints.sqs}`,
      `export AWS_ENDPOINT_URL_DYNAMODB=${runtime.endpoints.dynamodb}`,
      `export AWS_REGION=${region} AWS_DEFAULT_REGION=${region} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local`,
      ...(buses.length === 1 ? [`export EVENT_BUS_NAME=${buses[0]}`] : []),
      '',
      ...faultLines(runtime),
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

/** What `--faults` switched on, and where functions reach DynamoDB when it is faulted. */
function faultLines(runtime: LocalRuntime): string[] {
  if (runtime.faults === undefined) return [];
  const proxy = runtime.faults.dynamodbProxy;
  return [
    `Faults on (counts in /status): ${formatFaultSpec(runtime.faults.spec)}`,
    ...(proxy === undefined ? [] : [`  functions reach DynamoDB through the fault proxy ${proxy}`]),
    '',
  ];
}

/** Registers `event-router start` (`npm start`). */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Synthesize the CDK app and run every stack locally: DynamoDB Local, SQS, EventBridge, Lambda functions.')
    .option('--port <port>', 'port of the EventBridge endpoint on 127.0.0.1 (default: a free port)', parsePort)
    .option('--cdk-out <dir>', 'cloud assembly directory (default: cdk.out)')
    .option('--no-synth', 'use the cloud assembly as it is, without synthesizing')
    .option('--force-synth', 'synthesize even when nothing changed since the last run')
    .option('--no-view', 'print the endpoints, then no live view')
    .option('--logs', "print every line the functions write (default: only their warnings and errors)")
    .option('--faults <spec>', 'misbehave as AWS does, reproducibly: comma-separated name=value with seed=N, e.g. reorder=0.3,duplicate=0.2,seed=7 (see docs/local-runtime.md)')
    // Usage errors (--port abc, an unknown option) are bad input: exit 2, as the CLI's docs say.
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(async (options: StartOptions) => {
      try {
        process.exitCode = await runStart(options);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // The port was free when checked and taken before the endpoint listened: say so in words too.
        const message =
          code === 'EADDRINUSE' && options.port !== undefined
            ? portProblemMessage(options.port, code)
            : `${(error as Error).name}: ${(error as Error).message}`;
        process.stderr.write(`${message}\n`);
        process.exitCode = 1;
      }
    });
}

/** `--port`: an integer 1-65535, refused by commander as invalid input otherwise (no stack trace). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new InvalidArgumentError(`--port must be a TCP port number (1-65535), or left out for a free port; got ${JSON.stringify(value)}.`);
  }
  return port;
}
