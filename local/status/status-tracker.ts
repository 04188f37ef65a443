import type { RoutingListener, RuleDefinition } from '../eventbridge/endpoint';
import type { FaultCounts } from '../faults';
import type { ConsumerWiring } from './consumer-wiring';

/** One consumer's figures, exactly the fields of `GET /status`. */
export interface ConsumerFigures {
  /** Events the consumer's rule matched (each accepted event counts once, however often it is redelivered). */
  readonly received: number;
  /** Events the handler processed (EMF `EventsProcessed`). */
  readonly processed: number;
  /** Redeliveries the dedupe middleware skipped (EMF `DuplicatesSkipped`). */
  readonly duplicates: number;
  /**
   * Messages that failed at least once: the consumer's function logged an error naming the message, or
   * the invocation carrying it failed (threw, timed out, crashed). A message retried five times counts once.
   */
  readonly failed: number;
  /** Messages sitting in the consumer's dead-letter queues. */
  readonly dlq: number;
  /** Age in whole seconds of the oldest message waiting in the consumer's queues; 0 when they are empty. */
  readonly oldestAgeSeconds: number;
  /**
   * Events the consumer's rule matched that no queue took: the target refused them and so did its DLQ
   * (or it has none), so EventBridge dropped them (AWS counts these in `InvocationsFailedToBeSentToDlq`).
   */
  readonly dropped: number;
}

/** The `GET /status` document. */
export interface StatusReport {
  readonly consumers: Record<string, ConsumerFigures>;
  /** Faults injected so far, per kind; only present when the runtime runs with `--faults`. */
  readonly faults?: FaultCounts;
}

/** EMF metric names the runtime library emits (namespace EventRouter, dimension consumer). */
export type ConsumerMetric = 'EventsProcessed' | 'DuplicatesSkipped' | 'EventsFailed';

/** Where the figures come from: the Lambda runner's parsed EMF lines and the SQS endpoint. */
export interface StatusSources {
  /** Sum of an EMF metric emitted with dimension `consumer` = `consumer` since start. */
  metric(consumer: string, name: ConsumerMetric): number;
  /** Messages in a queue (visible + in flight) and the age of its oldest one. */
  queue(queueArn: string): Promise<{ readonly messages: number; readonly oldestAgeSeconds: number }>;
  /** Fault counts, when the runtime injects faults. */
  faults?(): FaultCounts;
}

const ERROR_LEVELS = new Set(['ERROR', 'CRITICAL']);

/** Counts what each consumer's rule received, failed and dropped, and assembles the status report. */
export class StatusTracker implements RoutingListener {
  private readonly received = new Map<string, number>();
  private readonly dropped = new Map<string, number>();
  /** Per consumer: ids of the messages that failed at least once. */
  private readonly failedMessages = new Map<string, Set<string>>();
  private readonly consumerOfRule = new Map<string, string>();
  private readonly consumerOfFunction = new Map<string, string>();

  constructor(
    private readonly wiring: readonly ConsumerWiring[],
    private readonly sources: StatusSources,
  ) {
    for (const consumer of wiring) {
      this.received.set(consumer.name, 0);
      for (const rule of consumer.ruleLogicalIds) this.consumerOfRule.set(rule, consumer.name);
      for (const fn of consumer.functionNames ?? []) this.consumerOfFunction.set(fn, consumer.name);
    }
  }

  /** Consumer names, in report order. */
  get consumers(): readonly string[] {
    return this.wiring.map((consumer) => consumer.name);
  }

  onRouted(_event: unknown, _busName: string, rules: readonly RuleDefinition[]): void {
    for (const rule of rules) {
      const consumer = this.consumerOfRule.get(rule.origin);
      if (consumer !== undefined) this.received.set(consumer, (this.received.get(consumer) ?? 0) + 1);
    }
  }

  /** An event of `rule` that neither its target nor the target's DLQ took. */
  onDropped(rule: Pick<RuleDefinition, 'origin'>): void {
    const consumer = this.consumerOfRule.get(rule.origin);
    if (consumer !== undefined) this.dropped.set(consumer, (this.dropped.get(consumer) ?? 0) + 1);
  }

  /** A line a function printed: a Powertools line at ERROR naming a `messageId` marks that message failed. */
  onFunctionLog(functionName: string, line: string): void {
    const consumer = this.consumerOfFunction.get(functionName);
    if (consumer === undefined || !line.includes('messageId')) return;
    const start = line.indexOf('{');
    if (start < 0) return;
    let doc: { level?: unknown; messageId?: unknown };
    try {
      doc = JSON.parse(line.slice(start)) as typeof doc;
    } catch {
      return;
    }
    if (typeof doc.level === 'string' && ERROR_LEVELS.has(doc.level.toUpperCase()) && typeof doc.messageId === 'string') {
      this.markFailed(consumer, [doc.messageId]);
    }
  }

  /** A batch of a consumer's function whose invocation failed: every message it carried failed once more. */
  onFailedInvocation(functionName: string, messageIds: readonly string[]): void {
    const consumer = this.consumerOfFunction.get(functionName);
    if (consumer !== undefined) this.markFailed(consumer, messageIds);
  }

  /** Current figures of every consumer. */
  async report(): Promise<StatusReport> {
    const entries = await Promise.all(
      this.wiring.map(async (consumer): Promise<[string, ConsumerFigures]> => {
        const [queues, dlqs] = await Promise.all([
          Promise.all(consumer.queueArns.map((arn) => this.sources.queue(arn))),
          Promise.all(consumer.dlqArns.map((arn) => this.sources.queue(arn))),
        ]);
        return [
          consumer.name,
          {
            received: this.received.get(consumer.name) ?? 0,
            processed: this.sources.metric(consumer.name, 'EventsProcessed'),
            duplicates: this.sources.metric(consumer.name, 'DuplicatesSkipped'),
            failed: this.failedMessages.get(consumer.name)?.size ?? 0,
            dlq: dlqs.reduce((sum, q) => sum + q.messages, 0),
            oldestAgeSeconds: Math.floor(queues.reduce((max, q) => Math.max(max, q.oldestAgeSeconds), 0)),
            dropped: this.dropped.get(consumer.name) ?? 0,
          },
        ];
      }),
    );
    const faults = this.sources.faults?.();
    return faults === undefined ? { consumers: Object.fromEntries(entries) } : { consumers: Object.fromEntries(entries), faults };
  }

  private markFailed(consumer: string, messageIds: readonly string[]): void {
    let failed = this.failedMessages.get(consumer);
    if (failed === undefined) this.failedMessages.set(consumer, (failed = new Set()));
    for (const id of messageIds) failed.add(id);
  }
}
