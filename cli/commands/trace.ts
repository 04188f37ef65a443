import type { Command } from 'commander';
import type { TraceResult } from '../../ops';
import { runOps, withOpsOptions, type OpsCommandOptions } from './ops-command';

interface TraceCommandOptions extends OpsCommandOptions {
  readonly since?: string;
}

/** Each event, where it came from, and one line per consumer. */
export function renderTrace(result: TraceResult): { text: string; problem: boolean } {
  const lines: string[] = result.cursors.map(
    (c) =>
      `entity ${c.entity} in ${c.consumer}: applied up to ${c.applied ?? 'none'}${c.held.length > 0 ? `, held ${c.held.join(',')}` : ''}${c.parkedSequence === undefined ? '' : `, quarantined behind parked sequence ${c.parkedSequence}`}`,
  );
  if (result.events.length === 0) {
    lines.push(`No event matches ${JSON.stringify(result.query)} (eventId, correlation id or entity id).`);
    return { text: lines.join('\n'), problem: true };
  }
  for (const event of result.events) {
    lines.push(`event ${event.eventId}  ${event.detailType ?? ''}${event.source === undefined ? '' : ` from ${event.source}`}${event.correlationId === undefined ? '' : `  correlation ${event.correlationId}`}`);
    lines.push(`  published: ${event.published === undefined ? 'not recorded here' : `${event.published.via} at ${event.published.at} on ${event.published.busName} (id ${event.published.id})`}`);
    if (event.matchedConsumers !== undefined) lines.push(`  matched:   ${event.matchedConsumers.join(', ') || 'no consumer rule'}`);
    if (event.replays.length > 0) lines.push(`  replayed:  ${event.replays.join(', ')}`);
    for (const c of event.consumers) {
      const extra = [c.failedAttempts > 0 ? `${c.failedAttempts} failed attempt(s)` : '', c.duplicatesSkipped > 0 ? `${c.duplicatesSkipped} duplicate(s) skipped` : ''].filter(Boolean).join(', ');
      lines.push(`  ${c.consumer.padEnd(16)} ${c.outcome}${c.at === undefined ? '' : ` at ${c.at}`}${c.reason === undefined ? '' : `: ${c.reason}`}${extra === '' ? '' : ` (${extra})`}`);
    }
  }
  return { text: lines.join('\n'), problem: result.problem };
}

/** Registers `event-router trace <query>`. */
export function registerTraceCommand(program: Command): void {
  withOpsOptions(
    program
      .command('trace')
      .description(
        'Follow events through every consumer: published, matched rules, and per consumer applied (with time), held, duplicate skipped, parked (with reason), ' +
          'still queued. Exit 0 found and nothing parked or failing, 1 otherwise, 2 bad input.',
      )
      .argument('<query>', 'an eventId, a correlation id or an entity id (e.g. an orderId)')
      .option('--since <time>', 'how far back to search logs on AWS', '-24h'),
  ).action(async (query: string, options: TraceCommandOptions) => {
    let sinceMs = 0;
    process.exitCode = await runOps(
      options,
      async (target) => (await import('../../ops')).traceEvents(target, query, { sinceMs }),
      renderTrace,
      undefined,
      async () => {
        const { parseTime, OpsInputError } = await import('../../ops');
        if (query.trim() === '') throw new OpsInputError('trace needs a query: an eventId, a correlation id or an entity id (e.g. ord_1).');
        sinceMs = parseTime('--since', options.since ?? '-24h').getTime();
      },
    );
  });
}
