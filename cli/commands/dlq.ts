import type { Command } from 'commander';
import type { DlqKind, DlqSummary, ParkedMessage, PeekResult, RedriveResult, SkipParkedResult } from '../../ops';
import { formatSeconds, progressBar, runOps, table, withOpsOptions, type OpsCommandOptions } from './ops-command';

interface PeekCommandOptions extends OpsCommandOptions {
  readonly queue?: DlqKind;
  readonly limit?: string;
  readonly filter?: string[];
}

interface RedriveCommandOptions extends PeekCommandOptions {
  readonly ids?: string;
  readonly all?: boolean;
  readonly rate?: string;
  readonly dryRun?: boolean;
  readonly holdSeconds?: string;
}

interface SkipCommandOptions extends OpsCommandOptions {
  readonly ids?: string;
  readonly entity?: string;
  readonly sequence?: string;
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly holdSeconds?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `dlq list`: one line per DLQ. */
export function renderDlqList(rows: readonly DlqSummary[]): { text: string; problem: boolean } {
  return {
    text: table([
      ['consumer', 'queue', 'depth', 'oldest', 'name'],
      ...rows.map((row) => [row.consumer, row.kind, String(row.depth), row.depth === 0 ? '-' : formatSeconds(row.oldestAgeSeconds), row.queueName]),
    ]),
    problem: rows.some((row) => row.depth > 0),
  };
}

function describeMessage(m: ParkedMessage): string {
  const reason = m.errorType === undefined && m.errorMessage === undefined ? 'no reason attributes' : `${m.errorType ?? 'Error'}: ${m.errorMessage ?? ''}`;
  const parked = [m.parkedBy === undefined ? undefined : `by ${m.parkedBy}`, m.parkedAt === undefined ? undefined : `at ${m.parkedAt}`].filter(Boolean).join(' ');
  return [
    `${m.messageId}  eventId ${m.eventId ?? '?'}  entity ${m.entity ?? '-'}  ${m.detailType ?? '?'}${m.sequence === undefined ? '' : ` #${m.sequence}`}  received ${m.receiveCount}x  age ${formatSeconds(m.ageSeconds)}`,
    `    ${reason}${parked === '' ? '' : ` (parked ${parked})`}`,
  ].join('\n');
}

/** `dlq peek`: each message with its reason. */
export function renderPeek(result: PeekResult): { text: string; problem: boolean } {
  const head = `${result.consumer} ${result.queue} DLQ ${result.queueName}: ${result.messages.length} message(s) shown, ${result.scanned} read, none changed`;
  return { text: [head, ...result.messages.map(describeMessage)].join('\n'), problem: result.notReleased > 0 };
}

/** `dlq redrive`: each selected message and a summary. */
export function renderRedrive(result: RedriveResult): { text: string; problem: boolean } {
  const lines = result.items.map((item) => `${item.status.padEnd(13)} ${item.messageId}  eventId ${item.eventId ?? '?'}  entity ${item.entity ?? '-'}${item.error === undefined ? '' : `  (${item.error})`}`);
  const redriven = result.items.filter((item) => item.status === 'redriven').length;
  const failed = result.items.filter((item) => item.status === 'failed').length;
  lines.push(
    result.dryRun
      ? `dry run: ${result.items.length} message(s) of ${result.from} would go back to ${result.to}; nothing was sent or deleted.`
      : `${redriven} message(s) sent back from ${result.from} to ${result.to} and deleted from the DLQ; ${failed} failed; ${result.remaining} left in the DLQ.`,
  );
  if (result.notFound.length > 0) lines.push(`not found in the DLQ: ${result.notFound.join(', ')}`);
  if (result.interrupted) lines.push('interrupted: what was not sent is back in the DLQ; run the same command again to continue.');
  if (result.stuckEntities.length > 0) lines.push(`entities with more than 9 unselected messages first, not reached: ${result.stuckEntities.join(', ')}`);
  if (!result.dryRun && result.inFlight > 0) lines.push(`${result.inFlight} DLQ message(s) are hidden (another reader, or an interrupted run holding them for up to its --hold-seconds); run again after that.`);
  return { text: lines.join('\n'), problem: result.problem };
}

/** `dlq skip`: each parked event given up, what it released, and a summary. */
export function renderSkip(result: SkipParkedResult): { text: string; problem: boolean } {
  const lines = result.items.map((item) => {
    const what = `${item.status.padEnd(12)} ${item.entity} #${item.sequence}  message ${item.messageId ?? '(not in the DLQ)'}  eventId ${item.eventId ?? '?'}`;
    if (item.status === 'failed') return `${what}  (${item.error})`;
    if (item.status === 'would-skip') return `${what}  (${item.held} held event(s) behind it would be applied in order)`;
    if (item.status === 'already-past') return `${what}  (the cursor is past it${item.deleted ? '; DLQ message deleted' : ''})`;
    return `${what}  (quarantine ended; ${item.held} held event(s) released${item.released ? ', drain started' : ''}; ${item.deleted ? 'DLQ message deleted' : 'no DLQ message to delete'})`;
  });
  if (result.items.length === 0) lines.push('nothing selected to skip.');
  if (result.dryRun) lines.push('dry run: nothing was skipped or deleted; run again with --yes to do it.');
  if (result.notFound.length > 0) lines.push(`not found in the DLQ: ${result.notFound.join(', ')}`);
  return { text: lines.join('\n'), problem: result.problem };
}

function positiveInt(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw Object.assign(new Error(`${option} must be a positive whole number; got ${JSON.stringify(value)}.`), { exitCode: 2 });
  return n;
}

/** Registers `event-router dlq list | peek | redrive | skip`. */
export function registerDlqCommand(program: Command): void {
  const dlq = program.command('dlq').description('Dead-letter queues: list them, look at parked messages, send them back, or give up parked sequenced events (see docs/operations.md).');
  const queueOption = '--queue <kind>';
  const queueHelp = "which DLQ: consumer (the consumer queue's), buffer (the buffer queue's) or target (the rule target's)";

  withOpsOptions(dlq.command('list').description('Every DLQ of every consumer with its depth and oldest message age. Exit 1 when any holds messages.')).action(
    async (options: OpsCommandOptions) => {
      process.exitCode = await runOps(options, async (target) => (await import('../../ops')).listDlqs(target), renderDlqList);
    },
  );

  withOpsOptions(
    dlq
      .command('peek')
      .description('Show parked messages (eventId, entity, detail-type, reason, receive count, age) WITHOUT changing them: each is made visible again, none deleted.')
      .argument('<consumer>', 'the consumer')
      .option(queueOption, queueHelp, 'consumer')
      .option('--limit <n>', 'most messages to show', '10')
      .option('--filter <expr>', 'only messages matching, e.g. detail-type=OrderPaid, error=PermanentError, entity=ord_1, message~timeout (repeatable; see docs/operations.md)', collect),
  ).action(async (consumer: string, options: PeekCommandOptions) => {
    process.exitCode = await runOps(
      options,
      async (target) => (await import('../../ops')).peekDlq(target, consumer, { queue: options.queue, limit: positiveInt('--limit', options.limit), filter: options.filter }),
      renderPeek,
      undefined,
      async () => {
        positiveInt('--limit', options.limit);
        (await import('../../ops')).parseFilter(options.filter);
      },
    );
  });

  withOpsOptions(
    dlq
      .command('skip')
      .description(
        'Give up on parked sequenced events of an ordered consumer, releasing the entity quarantined behind each: the sequence counts as done ' +
          '(never applied), the held events after it are applied in order at once, and only then is the parked message deleted. Needs --yes (or --dry-run). ' +
          'Exit 1 when an event could not be skipped or an id was not found.',
      )
      .argument('<consumer>', 'the ordered consumer')
      .option('--ids <ids>', 'DLQ message ids or eventIds of parked events, comma-separated')
      .option('--entity <id>', 'the quarantined entity (with --sequence), also when its parked message is no longer in the DLQ')
      .option('--sequence <n>', 'the parked sequence of --entity to give up on')
      .option('--dry-run', 'show what would be skipped and released; change nothing')
      .option('--yes', 'confirm: the events are given up for good')
      .option('--hold-seconds <n>', 'how long a read message stays hidden if this run dies before finishing it', '30'),
  ).action(async (consumer: string, options: SkipCommandOptions) => {
    process.exitCode = await runOps(
      options,
      async (target) =>
        (await import('../../ops')).skipParked(target, consumer, {
          ids: options.ids?.split(',').map((id) => id.trim()).filter((id) => id !== ''),
          entity: options.entity,
          sequence: options.sequence === undefined ? undefined : positiveInt('--sequence', options.sequence),
          dryRun: options.dryRun,
          confirm: options.yes,
          holdSeconds: positiveInt('--hold-seconds', options.holdSeconds),
        }),
      renderSkip,
    );
  });

  withOpsOptions(
    dlq
      .command('redrive')
      .description(
        "Send selected messages back to the queue they came from, each entity's in order, deleting each from the DLQ only after its send succeeded. " +
          'Safe to interrupt and run again. Exit 1 when a message failed, an id was not found or the run was interrupted.',
      )
      .argument('<consumer>', 'the consumer')
      .option(queueOption, queueHelp, 'consumer')
      .option('--ids <ids>', 'DLQ message ids or eventIds, comma-separated')
      .option('--filter <expr>', 'only messages matching (repeatable; see dlq peek)', collect)
      .option('--all', 'every message (narrowed by --filter when given)')
      .option('--rate <n>', 'at most n messages per second')
      .option('--dry-run', 'show what would be sent; send and delete nothing')
      .option('--hold-seconds <n>', 'how long a read message stays hidden if this run dies before finishing it', '30'),
  ).action(async (consumer: string, options: RedriveCommandOptions) => {
    const bar = progressBar(options);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const redriveOptions = () => ({
        queue: options.queue,
        ids: options.ids?.split(',').map((id) => id.trim()).filter((id) => id !== ''),
        filter: options.filter,
        all: options.all,
        rate: options.rate === undefined ? undefined : Number(options.rate),
        dryRun: options.dryRun,
        holdSeconds: positiveInt('--hold-seconds', options.holdSeconds),
        signal: abort.signal,
        onProgress: (p: { total: number; done: number; redriven: number; failed: number }) =>
          bar.update(p.total === 0 ? 1 : p.done / p.total, `${p.redriven} sent, ${p.failed} failed`),
      });
      process.exitCode = await runOps(
        options,
        async (target) => (await import('../../ops')).redriveDlq(target, consumer, redriveOptions()),
        (result) => {
          bar.done();
          return renderRedrive(result);
        },
        undefined,
        async () => void (await import('../../ops')).checkRedriveOptions(redriveOptions()),
      );
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}
