import type { RuleDefinition } from '../eventbridge/endpoint/bus-model';
import type { RoutingListener } from '../eventbridge/endpoint/local-event-bridge';
import type { ConsumerWiring } from './consumer-wiring';

/** One consumer's figures, exactly the fields of `GET /status`. */
export interface ConsumerFigures {
  /** Events the consumer's rule matched (each accepted event counts once, however often it is redelivered). */
  readonly received: number;
  /** Events the handler processed (EMF `EventsProcessed`). */
  readonly processed: number;
  /** Redeliveries the dedupe middleware skipped (EMF `DuplicatesSkipped`). */
  readonly duplicates: number;
  /** Failed handler attempts (EMF `EventsFailed`). */
  readonly failed: number;
  /** Messages sitting in the consumer's dead-letter queues. */
  readonly dlq: number;
  /** Age in whole seconds of the oldest message waiting in the consumer's queues; 0 when they are empty. */
  readonly oldestAgeSeconds: number;
}

/** The `GET /status` document. */
export interface StatusReport {
  readonly consumers: Record<string, ConsumerFigures>;
}

/** EMF metric names the runtime library emits (namespace EventRouter, dimension consumer). */
export type ConsumerMetric = 'EventsProcessed' | 'DuplicatesSkipped' | 'EventsFailed';

/** Where the figures come from: the Lambda runner's parsed EMF lines and the SQS endpoint. */
export interface StatusSources {
  /** Sum of an EMF metric emitted with dimension `consumer` = `consumer` since start. */
  metric(consumer: string, name: ConsumerMetric): number;
  /** Messages in a queue (visible + in flight) and the age of its oldest one. */
  queue(queueArn: string): Promise<{ readonly messages: number; readonly oldestAgeSeconds: number }>;
}

/** Counts what each consumer's rule received and assembles the status report. */
export class StatusTracker implements RoutingListener {
  private readonly received = new Map<string, number>();
  private readonly consumerOfRule = new Map<string, string>();

  constructor(
    private readonly wiring: readonly ConsumerWiring[],
    private readonly sources: StatusSources,
  ) {
    for (const consumer of wiring) {
      this.received.set(consumer.name, 0);
      for (const rule of consumer.ruleLogicalIds) this.consumerOfRule.set(rule, consumer.name);
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
            failed: this.sources.metric(consumer.name, 'EventsFailed'),
            dlq: dlqs.reduce((sum, q) => sum + q.messages, 0),
            oldestAgeSeconds: Math.floor(queues.reduce((max, q) => Math.max(max, q.oldestAgeSeconds), 0)),
          },
        ];
      }),
    );
    return { consumers: Object.fromEntries(entries) };
  }
}
