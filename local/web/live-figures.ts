import type { ConsumerStatus, QueueStatus, Verdict } from '../../ops';
import type { LocalRuntime } from '../runtime';
import type { StatusReport } from '../status';
import type { RouteCounters } from './route-counters';
import type { EdgeFlow, Topology } from './topology';

/**
 * One consumer's row of the table: `event-router status`'s figures (the ops layer's `consumerStatus`) plus `received`
 * and `dropped`, which only `GET /status` counts (it sees the routing).
 */
export interface ConsumerRow {
  /** `GET /status`: events the consumer's rule matched. */
  readonly received: number;
  readonly processed: number;
  readonly duplicates: number;
  /** Failed attempts (`EventsFailed`), as `event-router status` shows them. */
  readonly failed: number;
  /** Events the consumer parked itself (`EventsParked`). */
  readonly parked: number;
  /** Events held for an earlier sequence now (the `HeldEvents` gauge). */
  readonly held: number;
  /** `GET /status`: matched events no queue took (EventBridge dropped them). */
  readonly dropped: number;
  /** Messages in all the consumer's DLQs. */
  readonly dlq: number;
  /** The oldest waiting message of the consumer queue or the buffer queue, whichever is nearer its retention. */
  readonly oldestAgeSeconds: number;
  readonly retentionSeconds: number;
  /** Retention minus that age: how long until SQS would delete it. */
  readonly secondsLeft: number;
  readonly verdict: Verdict;
  readonly reasons: readonly string[];
}

/** What a node shows. */
export interface NodeFigures {
  /** Messages waiting in a queue (visible + in flight + delayed); in-flight invocations of a function. */
  readonly backlog: number;
  readonly oldestAgeSeconds?: number;
}

/** One live sample, sent to the page about once a second. */
export interface LiveSnapshot {
  readonly at: string;
  readonly consumers: Readonly<Record<string, ConsumerRow>>;
  readonly nodes: Readonly<Record<string, NodeFigures>>;
  /** Events per second over the last sample interval, per edge id. */
  readonly edges: Readonly<Record<string, number>>;
}

/** Where the figures come from. */
export interface LiveSources {
  readonly runtime: Pick<LocalRuntime, 'stats'>;
  /** The `GET /status` document. */
  readonly status: () => Promise<StatusReport>;
  /** `event-router status`'s figures (ops `consumerStatus`). */
  readonly consumerStatus: () => Promise<ConsumerStatus[]>;
  readonly counters: RouteCounters;
}

/** Turns cumulative counters into per-edge rates and assembles the figures of every node and consumer. */
export class LiveFigures {
  private previous?: { readonly at: number; readonly counters: Map<string, number> };

  constructor(
    private readonly topology: Topology,
    private readonly sources: LiveSources,
  ) {}

  /** Takes a sample; rates are over the time since the previous one (0 on the first). */
  async sample(now = Date.now()): Promise<LiveSnapshot> {
    const stats = this.sources.runtime.stats();
    const [report, statuses] = await Promise.all([this.sources.status(), this.sources.consumerStatus()]);
    const queueByArn = new Map<string, { messages: number; oldestAgeSeconds: number }>();
    for (const node of this.topology.nodes) {
      if (node.kind !== 'queue' && node.kind !== 'dlq') continue;
      const name = node.ref.split(':').at(-1)!;
      const q = stats.queues[name];
      if (q !== undefined) queueByArn.set(node.ref, q);
    }
    const nodes: Record<string, NodeFigures> = {};
    for (const node of this.topology.nodes) {
      if (node.kind === 'queue' || node.kind === 'dlq') {
        const q = queueByArn.get(node.ref);
        nodes[node.id] = { backlog: q?.messages ?? 0, oldestAgeSeconds: q?.oldestAgeSeconds ?? 0 };
      } else if (node.kind === 'function') {
        nodes[node.id] = { backlog: stats.functions[node.ref]?.inFlight ?? 0 };
      } else if (node.kind === 'bus') {
        nodes[node.id] = { backlog: 0 };
      }
    }
    const counters = new Map<string, number>();
    const mappingRecords = (mapping: string) => stats.eventSources[mapping]?.records ?? 0;
    const mappingSucceeded = (mapping: string) => {
      const s = stats.eventSources[mapping];
      return s === undefined ? 0 : s.records - s.failedRecords;
    };
    const counterOf = (flow: EdgeFlow): number => {
      switch (flow.type) {
        case 'accepted':
          return Math.max(0, (this.sources.counters.acceptedByBus.get(flow.bus) ?? 0) - flow.minusMappings.reduce((sum, m) => sum + mappingSucceeded(m), 0));
        case 'matched':
          return this.sources.counters.matchedByRule.get(flow.rule) ?? 0;
        case 'mapping-records':
          return mappingRecords(flow.mapping);
        case 'mapping-succeeded':
          return flow.mappings.reduce((sum, m) => sum + mappingSucceeded(m), 0);
        case 'invocations':
          return stats.functions[flow.functionName]?.invocations ?? 0;
        case 'dlq-arrivals':
          // Arrivals are not counted by the SQS endpoint; growth of the DLQ is the lower bound of them.
          return queueByArn.get(flow.queueArn)?.messages ?? 0;
      }
    };
    const edges: Record<string, number> = {};
    const seconds = this.previous === undefined ? 0 : Math.max(0.001, (now - this.previous.at) / 1000);
    for (const edge of this.topology.edges) {
      const value = counterOf(edge.flow);
      counters.set(edge.id, value);
      const before = this.previous?.counters.get(edge.id);
      edges[edge.id] = before === undefined || seconds === 0 ? 0 : Math.max(0, (value - before) / seconds);
    }
    this.previous = { at: now, counters };
    const consumers: Record<string, ConsumerRow> = {};
    for (const status of statuses) {
      const reported = report.consumers[status.consumer];
      const worst = nearestRetention([status.queue, status.bufferQueue]);
      consumers[status.consumer] = {
        received: reported?.received ?? 0,
        processed: status.processed,
        duplicates: status.duplicates,
        failed: status.failed,
        parked: status.parked,
        held: status.held,
        dropped: reported?.dropped ?? 0,
        dlq: status.dlqDepth,
        oldestAgeSeconds: worst?.oldestAgeSeconds ?? 0,
        retentionSeconds: worst?.retentionSeconds ?? 0,
        secondsLeft: worst?.secondsLeft ?? worst?.retentionSeconds ?? 0,
        verdict: status.verdict,
        reasons: status.reasons,
      };
    }
    return { at: new Date(now).toISOString(), consumers, nodes, edges };
  }
}

/** The queue whose oldest message has used the largest share of its retention (the first when none waits). */
function nearestRetention(queues: readonly (QueueStatus | undefined)[]): QueueStatus | undefined {
  const known = queues.filter((q): q is QueueStatus => q !== undefined);
  const share = (q: QueueStatus) => (q.oldestAgeSeconds ?? 0) / Math.max(1, q.retentionSeconds);
  return known.reduce<QueueStatus | undefined>((worst, q) => (worst === undefined || share(q) > share(worst) ? q : worst), undefined);
}
