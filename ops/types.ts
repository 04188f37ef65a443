import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SQSClient } from '@aws-sdk/client-sqs';

/** A queue of a consumer. */
export interface QueueRef {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly fifo: boolean;
  /** `MessageRetentionPeriod`, seconds. */
  readonly retentionSeconds: number;
}

/** Everything of one consumer the ops commands touch; the same shape on AWS (from CloudFormation) and locally (`GET /resources`). */
export interface ConsumerResources {
  readonly name: string;
  readonly busName: string;
  readonly ruleName: string;
  readonly ruleArn: string;
  /** Static MessageGroupId of the rule target (the buffer queue). @default the consumer name */
  readonly bufferGroupId?: string;
  /** The consumer's FIFO queue (one group per entity). */
  readonly queue?: QueueRef;
  readonly deadLetterQueue?: QueueRef;
  /** The rule's target queue, drained by the forwarder. */
  readonly bufferQueue?: QueueRef;
  readonly bufferDeadLetterQueue?: QueueRef;
  /** Standard queue of events EventBridge could not deliver to the buffer queue. */
  readonly targetDeadLetterQueue?: QueueRef;
  readonly dedupeTable?: string;
  readonly stateTable?: string;
  readonly functionName?: string;
  readonly forwarderName?: string;
  /** CloudWatch Logs groups of the consumer and forwarder functions (AWS only). */
  readonly logGroups?: readonly string[];
}

/** Which dead-letter queue of a consumer a command works on (`--queue`). */
export type DlqKind = 'consumer' | 'buffer' | 'target';

/** Every DLQ kind, in the order commands list them. */
export const DLQ_KINDS: readonly DlqKind[] = ['consumer', 'buffer', 'target'];

/** Live figures of one queue. */
export interface QueueFigures {
  readonly visible: number;
  readonly inFlight: number;
  /** Age in seconds of the oldest message; undefined when it cannot be known (no CloudWatch datapoint yet). */
  readonly oldestAgeSeconds?: number;
}

/** A structured log line a function printed about an event (local journal or CloudWatch Logs). */
export interface TraceLog {
  readonly functionName: string;
  readonly consumer?: string;
  readonly eventId?: string;
  readonly correlationId?: string;
  readonly level?: string;
  readonly message: string;
  readonly timestamp: string;
  readonly error?: string;
}

/** An event as the local endpoint routed it. */
export interface RoutedEvent {
  readonly eventId: string;
  readonly id: string;
  readonly correlationId?: string;
  readonly source: string;
  readonly detailType: string;
  readonly busName: string;
  readonly routedAt: string;
  readonly replayName?: string;
  /** The top-level string and number values of `detail.data` (candidate entity ids). */
  readonly entities?: readonly string[];
  /** The envelope's sequence, when the producer numbered the event. */
  readonly sequence?: number;
  readonly rules: readonly { readonly name: string; readonly arn: string; readonly consumer?: string }[];
  /** The event's `detail`. */
  readonly detail?: unknown;
}

/** A copy of an event sitting in a consumer's queue or DLQ (local: read without receiving). */
export interface QueuedCopy {
  readonly consumer: string;
  readonly queue: 'bufferQueue' | 'queue' | 'deadLetterQueue' | 'bufferDeadLetterQueue' | 'targetDeadLetterQueue';
  readonly eventId: string;
  readonly messageId: string;
  readonly state: 'visible' | 'inFlight' | 'delayed';
  readonly receiveCount: number;
  readonly groupId?: string;
  readonly sentTimestamp: number;
  readonly attributes: Readonly<Record<string, string>>;
}

/** What a target can tell about a query beyond the tables: routing (local only), log lines, queued copies (local only). */
export interface TraceRecords {
  readonly events: readonly RoutedEvent[];
  readonly logs: readonly TraceLog[];
  /** Undefined when the target cannot look into live queues without disturbing them (AWS). */
  readonly queued?: readonly QueuedCopy[];
}

/**
 * Where the ops commands work: the local runtime (`--endpoint`) or the deployed stacks on AWS. The commands'
 * logic is written once against this; only discovery, metrics and trace records differ.
 */
export interface OpsTarget {
  readonly kind: 'local' | 'aws';
  readonly region: string;
  readonly routerName: string;
  readonly busName: string;
  readonly busArn: string;
  /** The bus archive's ARN (`routerNames(routerName).archive`). */
  readonly archiveArn: string;
  readonly sqs: SQSClient;
  readonly eventBridge: EventBridgeClient;
  readonly dynamodb: DynamoDBClient;
  /** Every consumer of the router, sorted by name. */
  consumers(): Promise<ConsumerResources[]>;
  /** One consumer; throws `ConsumerNotFoundError` naming the known ones. */
  consumer(name: string): Promise<ConsumerResources>;
  /** Visible / in-flight counts and oldest age of a queue. */
  queueFigures(queue: QueueRef): Promise<QueueFigures>;
  /**
   * The contract metrics of a consumer (namespace EventRouter, dimension consumer): sums since `sinceMs` for counts,
   * the latest value for the `HeldEvents` gauge. Locally: since the runtime started.
   */
  metrics(consumer: string, sinceMs: number): Promise<Record<string, number>>;
  /** Routing, log lines and queued copies about `query` (eventId, correlation id or entity id) since `sinceMs`. */
  traceRecords(query: string, consumers: readonly ConsumerResources[], sinceMs: number): Promise<TraceRecords>;
  /** Releases the clients. */
  close(): void;
}
