import type { Command } from 'commander';
import type { ConsumerStatus } from '../../ops';
import { formatSeconds, runOps, table, withOpsOptions, type OpsCommandOptions } from './ops-command';

interface StatusCommandOptions extends OpsCommandOptions {
  readonly since?: string;
  readonly lagObjective?: string;
}

/** Renders the status table and the reasons behind each verdict. */
export function renderStatus(statuses: readonly ConsumerStatus[]): { text: string; problem: boolean } {
  const rows = [
    ['consumer', 'verdict', 'visible', 'in flight', 'oldest', 'left', 'dlq', 'held', 'processed', 'failed', 'parked'],
    ...statuses.map((s) => [
      s.consumer,
      s.verdict,
      String((s.queue?.visible ?? 0) + (s.bufferQueue?.visible ?? 0)),
      String((s.queue?.inFlight ?? 0) + (s.bufferQueue?.inFlight ?? 0)),
      formatSeconds(Math.max(s.queue?.oldestAgeSeconds ?? 0, s.bufferQueue?.oldestAgeSeconds ?? 0)),
      formatSeconds(Math.min(s.queue?.secondsLeft ?? Infinity, s.bufferQueue?.secondsLeft ?? Infinity) === Infinity ? undefined : Math.min(s.queue?.secondsLeft ?? Infinity, s.bufferQueue?.secondsLeft ?? Infinity)),
      String(s.dlqDepth),
      String(s.held),
      String(s.processed),
      String(s.failed),
      String(s.parked),
    ]),
  ];
  const reasons = statuses.flatMap((s) => s.reasons.map((reason) => `  ${s.consumer}: ${reason}`));
  return { text: [table(rows), ...(reasons.length > 0 ? ['', ...reasons] : [])].join('\n'), problem: statuses.some((s) => s.verdict !== 'healthy') };
}

/** Registers `event-router status [consumer]`. */
export function registerStatusCommand(program: Command): void {
  withOpsOptions(
    program
      .command('status')
      .description(
        'Per consumer: messages visible and in flight, DLQ depth, oldest message age and time left before SQS retention drops it, ' +
          'held events and timed-out gaps, events processed/failed/parked, and a one-word verdict. Exit 0 all healthy, 1 a problem, 2 bad input.',
      )
      .argument('[consumer]', 'only this consumer')
      .option('--since <time>', 'start of the metrics window on AWS (locally: since the runtime started)', '-1h')
      .option('--lag-objective <seconds>', 'oldest-message age above which a consumer is "lagging"', '300'),
  ).action(async (consumer: string | undefined, options: StatusCommandOptions) => {
    let checked: { sinceMs: number; lagObjectiveSeconds: number } | undefined;
    process.exitCode = await runOps(
      options,
      async (target) => (await import('../../ops')).consumerStatus(target, { consumer, ...checked! }),
      renderStatus,
      undefined,
      async () => {
        const { parseTime, OpsInputError } = await import('../../ops');
        const lag = Number(options.lagObjective ?? 300);
        if (!(lag > 0)) throw new OpsInputError(`--lag-objective must be a positive number of seconds; got ${JSON.stringify(options.lagObjective)}.`);
        checked = { sinceMs: parseTime('--since', options.since ?? '-1h').getTime(), lagObjectiveSeconds: lag };
      },
    );
  });
}
