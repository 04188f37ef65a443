import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InvalidArgumentError, type Command, type CommanderError } from 'commander';
import { portUnavailableReason } from '../../local/net/index';
import type { LocalRuntime } from '../../local/runtime/index';
import type { LocalRouter } from '../../local/router/index';
import { FaultSpecError, formatFaultSpec, parseFaultSpec, type FaultSpec } from '../../local/faults/index';

/** Options of `event-router start`, as commander parses them. */
export interface StartOptions {
  readonly port?: number;
  /** Cloud assembly directory. @default cdk.out of the app (the current directory) */
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
    // Loaded on demand: every CLI command registers `start`, and `publish` should not pay for the runtime.
    const { startLocalRouter, synthesize } = await import('../../local/router/index');
    const outdir = resolve(options.cdkOut ?? 'cdk.out');
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
        const { formatFunctionLog } = await import('../../local/status/index');
        router.runtime.events.on('log', (log) => {
          const line = formatFunctionLog(log, options.logs === true ? 'all' : 'problems');
          if (line !== undefined) process.stderr.write(line);
        });
        const { startStatusView } = await import('../../local/status/index');
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
    .description('Synthesize the CDK app of the current directory (its cdk.json) and run every stack locally: DynamoDB Local, SQS, EventBridge, Lambda functions.')
    .option('--port <port>', 'port of the EventBridge endpoint on 127.0.0.1 (default: a free port)', parsePort)
    .option('--cdk-out <dir>', 'cloud assembly directory (default: cdk.out of the app)')
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
