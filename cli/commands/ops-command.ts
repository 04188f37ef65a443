import type { Command, CommanderError } from 'commander';
import type { OpsTarget } from '../../ops';

/** Options every ops command takes: where to work and how to print. */
export interface OpsCommandOptions {
  readonly endpoint?: string;
  readonly router?: string;
  readonly region?: string;
  readonly json?: boolean;
}

/** Where an ops command writes; injectable so tests read what a user sees. */
export interface OpsIo {
  readonly out: NodeJS.WritableStream & { isTTY?: boolean };
  readonly err: NodeJS.WritableStream;
}

/** Adds `--endpoint`, `--router`, `--region`, `--json` and exit code 2 for usage errors. */
export function withOpsOptions(command: Command): Command {
  return command
    .option('--endpoint <url>', 'the local runtime (the EventBridge URL `npm start` prints, e.g. http://127.0.0.1:4010); default: AWS')
    .option('--router <name>', 'the router name on AWS (its bus and archive are named after it)', 'event-router')
    .option('--region <region>', 'AWS region (default: $AWS_REGION, else us-east-1)')
    .option('--json', 'print the result as one JSON document')
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : 2));
}

/**
 * Runs an ops command: runs `check` (the options alone), connects, runs `work`, prints its JSON or text and sets the exit code (0 ok, 1 a problem
 * found or the call failed, 2 bad input). No stack traces: the error's message says what to do.
 */
export async function runOps<T>(
  options: OpsCommandOptions,
  work: (target: OpsTarget) => Promise<T>,
  render: (result: T) => { text: string; problem: boolean },
  io: OpsIo = { out: process.stdout, err: process.stderr },
  check?: () => void | Promise<void>,
): Promise<number> {
  let target: OpsTarget | undefined;
  try {
    // Bad input is answered as bad input (exit 2) whether or not the router can be reached.
    await check?.();
    const { connect } = await import('../../ops');
    target = await connect({ endpoint: options.endpoint, routerName: options.router, region: options.region });
    const result = await work(target);
    const { text, problem } = render(result);
    io.out.write(options.json === true ? `${JSON.stringify(result, null, 2)}\n` : text.endsWith('\n') ? text : `${text}\n`);
    return problem ? 1 : 0;
  } catch (error) {
    const exitCode = (error as { exitCode?: unknown }).exitCode;
    const name = (error as Error).name;
    io.err.write(`${exitCode === undefined ? `${name}: ` : ''}${(error as Error).message}\n`);
    return exitCode === 2 ? 2 : 1;
  } finally {
    target?.close();
  }
}

/** A progress bar on the terminal (stdout a TTY and no --json); nothing otherwise, so pipes and files stay clean. */
export function progressBar(options: OpsCommandOptions, out: OpsIo['out'] = process.stdout): { update(fraction: number, label: string): void; done(): void } {
  if (out.isTTY !== true || options.json === true) return { update: () => undefined, done: () => undefined };
  let drawn = false;
  return {
    update(fraction, label) {
      const width = 30;
      const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
      out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${label}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) out.write('\r\x1b[K');
    },
  };
}

/** `125` -> `2m05s`, for ages and times left. */
export function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined) return '?';
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d${String(Math.floor((s % 86_400) / 3600)).padStart(2, '0')}h`;
}

/** Aligns rows of cells into columns. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}
