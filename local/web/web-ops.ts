import {
  connect,
  ConsumerNotFoundError,
  consumerStatus,
  DLQ_KINDS,
  dlqsOf,
  OpsError,
  peekDlq,
  redriveDlq,
  traceEvents,
  type ConsumerStatus,
  type DlqKind,
  type OpsTarget,
  type PeekResult,
  type RedriveResult,
  type TraceResult,
} from '../../ops';
import { WebInputError, WebNotFoundError, WebViewError } from './errors';

/** Messages the DLQ browser shows per dead-letter queue at most. */
const PEEK_LIMIT = 100;

/**
 * The web view's operations: the ops/ layer's `consumerStatus`, `traceEvents`, `peekDlq` and `redriveDlq` — the code
 * `event-router status | trace | dlq peek | dlq redrive --endpoint` runs — on an ops target connected to the runtime's
 * own EventBridge endpoint (`GET /endpoints`, `/resources`), so the page and the CLI show and do the same.
 */
export class WebOps {
  private target?: Promise<OpsTarget>;
  private closed = false;
  private readonly locks = new Map<string, Promise<unknown>>();

  /** @param endpoint the runtime's EventBridge URL (the one `npm start` prints). */
  constructor(private readonly endpoint: string) {}

  /** `event-router status`'s figures of every consumer. */
  async status(): Promise<ConsumerStatus[]> {
    return this.run(async (target) => consumerStatus(target));
  }

  /** `event-router trace <query>`. */
  async trace(query: string): Promise<TraceResult> {
    return this.run((target) => traceEvents(target, query));
  }

  /** `event-router dlq peek <consumer> --queue <kind>` of each of the consumer's DLQs (up to 100 messages each). */
  async peek(consumer: string): Promise<PeekResult[]> {
    return this.run(async (target) => {
      const kinds = dlqsOf(await target.consumer(consumer)).map((dlq) => dlq.kind);
      return this.locked(consumer, async () => {
        const results: PeekResult[] = [];
        for (const queue of kinds) results.push(await peekDlq(target, consumer, { queue, limit: PEEK_LIMIT }));
        return results;
      });
    });
  }

  /** `event-router dlq redrive <consumer> --queue <queue> --ids <ids>`. */
  async redrive(consumer: string, queue: string, ids: readonly string[]): Promise<RedriveResult> {
    if (!DLQ_KINDS.includes(queue as DlqKind)) throw new WebInputError(`queue must be one of ${DLQ_KINDS.join(', ')}; got ${JSON.stringify(queue)}.`);
    return this.run((target) => this.locked(consumer, () => redriveDlq(target, consumer, { queue: queue as DlqKind, ids })));
  }

  /** Starts connecting now, so the first figures a page waits for do not pay for discovery; a failure is retried on use. */
  warmUp(): void {
    this.run(async () => undefined).catch(() => undefined);
  }

  /** Releases the ops target's clients. */
  close(): void {
    this.closed = true;
    void this.target?.then((target) => target.close(), () => undefined);
    this.target = undefined;
  }

  /** Connects on first use (the routes it reads are served by the same endpoint); a failed connect is tried again next time. */
  private async run<T>(work: (target: OpsTarget) => Promise<T>): Promise<T> {
    if (this.closed) throw new WebViewError('The web view is stopped.', 503);
    if (this.target === undefined) {
      const connecting = connect({ endpoint: this.endpoint });
      this.target = connecting;
      connecting.catch(() => {
        if (this.target === connecting) this.target = undefined;
      });
    }
    try {
      return await work(await this.target);
    } catch (error) {
      throw toWebError(error);
    }
  }

  /** One peek or redrive per consumer at a time: a peek hides a DLQ's messages from a concurrent redrive for its hold. */
  private locked<T>(consumer: string, work: () => Promise<T>): Promise<T> {
    const next = (this.locks.get(consumer) ?? Promise.resolve()).catch(() => undefined).then(work);
    this.locks.set(consumer, next);
    return next;
  }
}

/** An ops error as the HTTP answer the CLI's exit code stands for: bad input 400 (an unknown consumer 404), a problem 502. */
function toWebError(error: unknown): unknown {
  if (!(error instanceof OpsError)) return error;
  if (error instanceof ConsumerNotFoundError) return new WebNotFoundError(error.message);
  if (error.exitCode === 2) return new WebInputError(error.message);
  return new WebViewError(error.message, 502);
}
