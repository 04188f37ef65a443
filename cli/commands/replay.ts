import type { Command } from 'commander';
import type { ReplayResult } from '../../ops';
import { progressBar, runOps, withOpsOptions, type OpsCommandOptions } from './ops-command';

interface ReplayCommandOptions extends OpsCommandOptions {
  readonly from: string;
  readonly to: string;
  readonly reprocess?: boolean;
  readonly dryRun?: boolean;
  readonly name?: string;
}

/** A replay's outcome in one or two lines. */
export function renderReplay(result: ReplayResult): { text: string; problem: boolean } {
  const window = `${(result.request.EventStartTime as Date).toISOString()} .. ${(result.request.EventEndTime as Date).toISOString()}`;
  if (result.dryRun) {
    return {
      text: [
        `dry run: would start replay ${result.replayName} of ${result.request.EventSourceArn} (${result.archiveEventCount ?? '?'} events archived in all)`,
        `  window ${window}, only to rule ${result.request.Destination?.FilterArns?.join(', ')}${result.reprocess ? ', reprocessing applied events' : ''}`,
      ].join('\n'),
      problem: false,
    };
  }
  return {
    text: `replay ${result.replayName} to ${result.consumer} (${window}): ${result.state}${result.stateReason === undefined ? '' : ` - ${result.stateReason}`}`,
    problem: result.state !== 'COMPLETED',
  };
}

/** Registers `event-router replay <consumer>`. */
export function registerReplayCommand(program: Command): void {
  withOpsOptions(
    program
      .command('replay')
      .description(
        "Backfill ONE consumer from the bus archive: StartReplay restricted to the consumer's rule (FilterArns), so no other consumer is re-triggered; " +
          'waits for it with progress. Without --reprocess the consumer skips what it already applied. Exit 0 completed, 1 failed/cancelled, 2 bad input.',
      )
      .argument('<consumer>', 'the consumer to replay to')
      .requiredOption('--from <time>', 'start of the window: ISO 8601, "now" or a time ago (-2h)')
      .requiredOption('--to <time>', 'end of the window (not in the future)')
      .option('--reprocess', 'let the consumer apply each event once more (replay named reprocess-...: keyed by eventId#replay-name, live cursor untouched; see docs/operations.md)')
      .option('--dry-run', 'show the StartReplay request; start nothing')
      .option('--name <name>', 'the replay name (default: replay-<consumer>-<time>, or reprocess-<consumer>-<time> with --reprocess; a reprocess name must start with reprocess-)'),
  ).action(async (consumer: string, options: ReplayCommandOptions) => {
    const bar = progressBar(options);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    let window: { from: Date; to: Date } | undefined;
    try {
      process.exitCode = await runOps(
        options,
        async (target) => {
          const { replayConsumer } = await import('../../ops');
          return replayConsumer(target, consumer, {
            ...window!,
            reprocess: options.reprocess,
            dryRun: options.dryRun,
            name: options.name,
            pollMs: target.kind === 'local' ? 200 : 2000,
            signal: abort.signal,
            onProgress: (p) => bar.update(p.fraction, p.state),
          });
        },
        (result) => {
          bar.done();
          return renderReplay(result);
        },
        undefined,
        async () => {
          const { checkReplayWindow, parseTime } = await import('../../ops');
          window = { from: parseTime('--from', options.from), to: parseTime('--to', options.to) };
          checkReplayWindow(window);
        },
      );
    } finally {
      process.off('SIGINT', onSignal);
    }
  });
}
