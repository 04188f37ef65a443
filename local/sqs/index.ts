/**
 * The local runtime's SQS endpoint: an in-memory emulator of standard and FIFO queues behind the
 * AWS JSON 1.0 protocol. Written rather than wrapping `fauxqs`, which returns one message per FIFO
 * group per receive, where AWS returns as many of a group as it can (see docs/local-sqs.md).
 */
import { type Clock, systemClock } from './clock';
import type { PeekedMessage, QueueStats } from './model';
import { SqsOperations } from './operations';
import { QueueRegistry } from './registry';
import { listen } from './server';

export { ManualClock, systemClock } from './clock';
export type { Clock } from './clock';
export { SqsServiceError } from './errors';
export type { MessageAttributeValue, PeekedMessage, QueueStats } from './model';

/** Options of {@link startSqs}. */
export interface StartSqsOptions {
  /** @default a free port on 127.0.0.1 */
  readonly port?: number;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  /** Time source for delays, visibility timeouts, retention and the deduplication window. @default the system clock */
  readonly clock?: Clock;
}

/** A running local SQS endpoint. */
export interface LocalSqs {
  /** `http://127.0.0.1:<port>`: a client's `endpoint`, or `AWS_ENDPOINT_URL_SQS`. */
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  /** `http://127.0.0.1:<port>/<accountId>/<queueName>`. */
  queueUrl(queueName: string): string;
  /** `arn:aws:sqs:<region>:<accountId>:<queueName>`. */
  queueArn(queueName: string): string;
  /** Names of the queues that exist now, sorted. */
  queueNames(): string[];
  /** Live counts of a queue given by name, URL or ARN; undefined when it does not exist. */
  stats(queue: string): QueueStats | undefined;
  /** The messages of a queue (name, URL or ARN) in queue order, read without receiving them; undefined when it does not exist. */
  peek(queue: string): PeekedMessage[] | undefined;
  /** Ends pending long polls, closes connections and frees the port. */
  stop(): Promise<void>;
}

/**
 * Starts an in-memory SQS endpoint on 127.0.0.1 with AWS's standard and FIFO semantics
 * (see docs/local-sqs.md); `@aws-sdk/client-sqs` talks to it unchanged.
 */
export async function startSqs(options: StartSqsOptions = {}): Promise<LocalSqs> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const clock = options.clock ?? systemClock;
  let endpoint = '';
  const registry = new QueueRegistry({ accountId, region, clock, baseUrl: () => endpoint });
  const operations = new SqsOperations(registry);
  const { server, port, drain } = await listen(operations, options.port ?? 0);
  endpoint = `http://127.0.0.1:${port}`;
  const unsubscribe = clock.subscribe?.(() => registry.wakeAll());
  return {
    endpoint,
    port,
    region,
    accountId,
    queueUrl: (name) => registry.urlOf(name),
    queueArn: (name) => registry.arnOf(name),
    queueNames: () => registry.all().map((queue) => queue.name),
    stats: (reference) => registry.find(reference)?.stats(),
    peek: (reference) => registry.find(reference)?.peek(),
    async stop() {
      unsubscribe?.();
      operations.stop();
      // Pending long polls answer at once after stop(); let them reach their clients before the sockets close.
      await drain();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setImmediate(() => server.closeAllConnections());
      });
    },
  };
}
