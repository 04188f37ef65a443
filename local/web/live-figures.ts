import type { LocalRuntime } from '../runtime';
import type { StatusReport } from '../status';
import type { EventLog } from './event-log';
import type { EdgeFlow, Topology } from './topology';

/** One consumer's row of the table: the `GET /status` figures plus the held events and the retention. */
export interface ConsumerRow {
  readonly received: number;
  readonly processed: number;
  readonly duplicates: number;
  readonly failed: number;
  /** Events stored ahead of a sequence gap and not applied yet (EMF `EventsHeld` - `HeldEventsApplied`). */
  readonly held: number;
  readonly dlq: number;
  readonly oldestAgeSeconds: number;
  readonly retentionSeconds: number;
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
  readonly runtime: Pick<LocalRuntime, 'stats' | 'metrics'>;
  readonly status: () => Promise<StatusReport>;
  readonly log: EventLog;
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
    const report = await this.sources.status();
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
          return Math.max(0, (this.sources.log.acceptedByBus.get(flow.bus) ?? 0) - flow.minusMappings.reduce((sum, m) => sum + mappingSucceeded(m), 0));
        case 'matched':
          return this.sources.log.matchedByRule.get(flow.rule) ?? 0;
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
    for (const [name, figures] of Object.entries(report.consumers)) {
      const metrics = this.sources.runtime.metrics;
      const reported = figures as typeof figures & { held?: number };
      consumers[name] = {
        received: figures.received,
        processed: figures.processed,
        duplicates: figures.duplicates,
        failed: figures.failed,
        held: reported.held ?? Math.max(0, metrics.metric(name, 'EventsHeld') - metrics.metric(name, 'HeldEventsApplied')),
        dlq: figures.dlq,
        oldestAgeSeconds: figures.oldestAgeSeconds,
        retentionSeconds: this.topology.retentionSeconds[name] ?? 345_600,
      };
    }
    return { at: new Date(now).toISOString(), consumers, nodes, edges };
  }
}
