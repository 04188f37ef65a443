import { MetricName } from '../runtime/observability';
import { dlqsOf } from './dlq-route';
import { sequencingState } from './sequencing-records';
import type { ConsumerResources, DlqKind, OpsTarget, QueueFigures, QueueRef } from './types';

/** One-word health of a consumer, worst first. */
export type Verdict = 'at-risk' | 'parked' | 'failing' | 'holding' | 'lagging' | 'healthy';

/** A queue's figures with its retention: how long until its oldest message would be lost. */
export interface QueueStatus extends QueueFigures {
  readonly name: string;
  readonly retentionSeconds: number;
  /** retention - oldest age; undefined when the age is unknown. */
  readonly secondsLeft?: number;
}

/** Everything `event-router status` shows for one consumer. */
export interface ConsumerStatus {
  readonly consumer: string;
  readonly verdict: Verdict;
  /** Why the verdict is not `healthy`, one line each. */
  readonly reasons: string[];
  readonly queue?: QueueStatus;
  readonly bufferQueue?: QueueStatus;
  readonly dlqs: Partial<Record<DlqKind, QueueStatus>>;
  /** Messages in all the consumer's DLQs (the `dlq` of `GET /status`). */
  readonly dlqDepth: number;
  /** Events held for an earlier sequence now: counted on the entities' cursors in the consumer's table (the `gaps` index). */
  readonly held: number;
  /** Entities with held events (open gaps), and how many of them are quarantined behind a parked event. */
  readonly gaps: number;
  readonly quarantined: number;
  /** Age of the oldest open gap, seconds; undefined when no gap is open. */
  readonly oldestGapSeconds?: number;
  /** The window's sums of the contract metrics (locally: since the runtime started). */
  readonly processed: number;
  readonly failed: number;
  readonly duplicates: number;
  readonly parked: number;
  readonly eventsHeld: number;
  readonly gapsTimedOut: number;
}

/** Options of {@link consumerStatus}. */
export interface StatusOptions {
  /** Only this consumer. @default every consumer */
  readonly consumer?: string;
  /** Start of the metrics window (AWS), ms since the epoch. @default one hour ago */
  readonly sinceMs?: number;
  /** Oldest-message age above which a consumer is `lagging`, seconds. @default 300 (FifoConsumer's lagObjective) */
  readonly lagObjectiveSeconds?: number;
  /** Share of retention used by the oldest message above which a consumer is `at-risk`. @default 0.75 */
  readonly riskShare?: number;
}

/** The status of each consumer (or of one): queue depths and ages against retention, DLQs, held events, recent counts, a verdict. */
export async function consumerStatus(target: OpsTarget, options: StatusOptions = {}): Promise<ConsumerStatus[]> {
  const consumers = options.consumer === undefined ? await target.consumers() : [await target.consumer(options.consumer)];
  const since = options.sinceMs ?? Date.now() - 3_600_000;
  return Promise.all(consumers.map((consumer) => statusOf(target, consumer, since, options)));
}

async function statusOf(target: OpsTarget, consumer: ConsumerResources, sinceMs: number, options: StatusOptions): Promise<ConsumerStatus> {
  const figures = async (queue: QueueRef | undefined): Promise<QueueStatus | undefined> => {
    if (queue === undefined) return undefined;
    const live = await target.queueFigures(queue);
    return {
      name: queue.name,
      ...live,
      retentionSeconds: queue.retentionSeconds,
      secondsLeft: live.oldestAgeSeconds === undefined ? undefined : Math.max(0, queue.retentionSeconds - live.oldestAgeSeconds),
    };
  };
  const [queue, bufferQueue, metrics, sequencing, dlqList] = await Promise.all([
    figures(consumer.queue),
    figures(consumer.bufferQueue),
    target.metrics(consumer.name, sinceMs),
    sequencingState(target, consumer, { withItems: false }),
    Promise.all(dlqsOf(consumer).map(async ({ kind, queue: dlq }) => [kind, (await figures(dlq))!] as const)),
  ]);
  const dlqs = Object.fromEntries(dlqList) as Partial<Record<DlqKind, QueueStatus>>;
  const dlqDepth = dlqList.reduce((sum, [, q]) => sum + q.visible + q.inFlight, 0);
  const metric = (name: string) => metrics[name] ?? 0;
  const status = {
    consumer: consumer.name,
    queue,
    bufferQueue,
    dlqs,
    dlqDepth,
    held: sequencing.heldCount,
    gaps: sequencing.entitiesWithGaps,
    quarantined: sequencing.quarantined,
    ...(sequencing.oldestGapSince === undefined ? {} : { oldestGapSeconds: Math.max(0, Math.floor((Date.now() - sequencing.oldestGapSince) / 1000)) }),
    processed: metric(MetricName.EventsProcessed),
    failed: metric(MetricName.EventsFailed),
    duplicates: metric(MetricName.DuplicatesSkipped),
    parked: metric(MetricName.EventsParked),
    eventsHeld: metric(MetricName.EventsHeld),
    gapsTimedOut: metric(MetricName.GapsTimedOut),
  };
  const { verdict, reasons } = judge(status, options);
  return { ...status, verdict, reasons };
}

/** The verdict and its reasons, worst condition first. */
export function judge(status: Omit<ConsumerStatus, 'verdict' | 'reasons'>, options: StatusOptions = {}): { verdict: Verdict; reasons: string[] } {
  const riskShare = options.riskShare ?? 0.75;
  const lag = options.lagObjectiveSeconds ?? 300;
  const found: [Verdict, string][] = [];
  const queues: QueueStatus[] = [status.queue, status.bufferQueue, ...Object.values(status.dlqs)].filter((q): q is QueueStatus => q !== undefined);
  for (const q of queues) {
    if (q.oldestAgeSeconds !== undefined && q.oldestAgeSeconds >= q.retentionSeconds * riskShare) {
      found.push(['at-risk', `${q.name}: oldest message is ${q.oldestAgeSeconds}s old, ${q.secondsLeft}s before SQS deletes it (retention ${q.retentionSeconds}s)`]);
    }
  }
  if (status.dlqDepth > 0) found.push(['parked', `${status.dlqDepth} message(s) in dead-letter queues: event-router dlq peek ${status.consumer}`]);
  const backlog = (status.queue?.visible ?? 0) + (status.queue?.inFlight ?? 0);
  if (status.failed > 0 && backlog > 0) found.push(['failing', `${status.failed} failed attempt(s) with ${backlog} message(s) still queued`]);
  if (status.held > 0 || status.gapsTimedOut > 0) {
    const quarantine = status.quarantined > 0 ? ` (${status.quarantined} quarantined behind a parked event: event-router dlq peek ${status.consumer})` : '';
    const oldest = status.oldestGapSeconds === undefined ? '' : `, oldest open ${status.oldestGapSeconds}s`;
    found.push(['holding', `${status.held} event(s) held for an earlier sequence in ${status.gaps} entit(ies)${quarantine}${oldest}; ${status.gapsTimedOut} gap(s) timed out`]);
  }
  for (const q of [status.queue, status.bufferQueue]) {
    if (q?.oldestAgeSeconds !== undefined && q.oldestAgeSeconds > lag) found.push(['lagging', `${q.name}: oldest message ${q.oldestAgeSeconds}s old (objective ${lag}s)`]);
  }
  const order: Verdict[] = ['at-risk', 'parked', 'failing', 'holding', 'lagging'];
  found.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
  return { verdict: found[0]?.[0] ?? 'healthy', reasons: found.map(([, reason]) => reason) };
}
