import type { EventEmitter } from 'node:events';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { FaultCounts, FaultInjector, FaultSpec } from '../faults';
import type { BatchOutcome, EventSourceStats, PatternMatcher } from '../event-sources';
import type { FunctionLogLine, FunctionStats, InvocationRecord, LocalFunction, MetricCounters } from '../lambda';
import type { PeekedMessage, QueueStats } from '../sqs';
import type { ResolvedAssembly, ResolvedResource } from '../template';
import type { LocalQueue } from './provision-queues';
import type { LocalTable } from './provision-tables';

/** Options of `startLocalRuntime`. */
export interface StartLocalRuntimeOptions {
  /** The cloud assembly directory `cdk synth` wrote (`cdk.out`). */
  readonly cdkOut: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  /**
   * Starts the EventBridge endpoint once tables and queues exist and before any function runs, so functions get
   * `AWS_ENDPOINT_URL_EVENTBRIDGE`. Without it, functions have no EventBridge endpoint and rules are not served.
   * @default - none
   */
  readonly eventBridge?: EventBridgeFactory;
  /** Passed to the EventBridge factory as `port`. @default - a free port (the factory's choice) */
  readonly eventBridgePort?: number;
  /** Use this running DynamoDB Local instead of starting one (tests share one per file). @default - start one */
  readonly dynamoDbEndpoint?: string;
  /** Matcher for `FilterCriteria` (EventBridge pattern syntax). @default - the project's pattern engine */
  readonly patternMatcher?: PatternMatcher;
  /** Start the event source mapping pollers. @default true */
  readonly eventSources?: boolean;
  /**
   * Warm workers per function (and concurrent batches per SQS mapping) when the template sets no lower
   * `ReservedConcurrentExecutions`. On a busy 2-core machine fewer workers are faster: 500 events through three
   * consumers took 12-14 s with 1, 16-24 s with 2, 17 s with 3 and 20 s with 6.
   * @default 2
   */
  readonly functionConcurrency?: number;
  /** Start one worker per function (loading its module) in the background once ready. @default false */
  readonly prewarm?: boolean;
  /** Pause between polls of an idle stream shard, and the base of the stream retry backoff, ms. @default 250 */
  readonly pollIntervalMs?: number;
  /**
   * AWS's failures to reproduce, reproducibly (`npm start -- --faults`; `parseFaultSpec` turns that text
   * into this object): reordered, duplicated and throttled target deliveries, failed PutEvents entries
   * and a PutEvents outage (through the EventBridge factory), crashed Lambda workers, and throttled or
   * unavailable DynamoDB for functions (through a fault proxy; the runtime's own requests bypass it).
   * @default - none: a well-behaved AWS
   */
  readonly faults?: FaultSpec;
}

/** What the EventBridge factory gets: the resolved templates and the running local services. */
export interface EventBridgeContext {
  /** Every resource of every stack, intrinsics resolved (buses and rules among them). */
  readonly resources: readonly ResolvedResource[];
  readonly account: { readonly region: string; readonly accountId: string };
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string };
  /** A client for the local SQS endpoint, for queue targets and target DLQs. */
  readonly sqs: SQSClient;
  /** The port asked for with `eventBridgePort`. */
  readonly port?: number;
  /** Invokes a function asynchronously (a Lambda rule target): resolves once accepted; failures are reported as events. */
  invokeFunction(functionArn: string, payload: string): Promise<void>;
  /** EMF sums the functions printed. */
  readonly metrics: MetricCounters;
  /** Live counts of a queue by name, URL or ARN. */
  queueStats(queue: string): QueueStats | undefined;
  /** The run's fault decisions and counts, when `faults` was given. */
  readonly faults?: FaultInjector;
  /** The runtime's events (function logs, finished batches), for status figures. */
  readonly events: EventEmitter<RuntimeEvents>;
  /** A queue's messages read without receiving them (nothing about them changes), for `event-router trace`. */
  peekQueue?(queue: string): PeekedMessage[] | undefined;
}

/** A started EventBridge endpoint. */
export interface StartedEventBridge {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Starts the EventBridge endpoint (local/eventbridge/endpoint provides one). */
export type EventBridgeFactory = (context: EventBridgeContext) => Promise<StartedEventBridge>;

/** A function the runtime runs. */
export interface LocalFunctionInfo {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** `CONSUMER_NAME` from the function's environment, when it is a consumer. */
  readonly consumerName?: string;
  readonly fn: LocalFunction;
}

/** A running event source mapping. */
export interface EventSourceInfo {
  /** `<stack>/<logicalId>`. */
  readonly mapping: string;
  readonly kind: 'sqs' | 'dynamodb-stream';
  readonly sourceArn: string;
  readonly functionName: string;
  stats(): EventSourceStats;
}

/** Events the runtime emits. */
export interface RuntimeEvents {
  /** A line a function printed, or a platform line (START/END/REPORT). */
  log: [FunctionLogLine];
  /** An invocation finished. */
  invocation: [InvocationRecord];
  /** An event source mapping finished a batch. */
  batch: [BatchOutcome];
  /** Something failed in the background (a poller's receive, an async invoke): the runtime keeps going. */
  warning: [Error];
}

/** The faults switched on for a run. */
export interface RuntimeFaults {
  readonly spec: FaultSpec;
  /** Counts per fault kind injected so far. */
  counts(): FaultCounts;
  /** The fault proxy functions reach DynamoDB through, when the spec has DynamoDB faults. */
  readonly dynamodbProxy?: string;
}

/** Figures of everything, for a status view. */
export interface RuntimeStats {
  readonly functions: Record<string, FunctionStats & { readonly consumerName?: string }>;
  readonly eventSources: Record<string, EventSourceStats>;
  readonly queues: Record<string, QueueStats>;
}

/** The stacks of a cloud assembly, running locally. */
export interface LocalRuntime {
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly eventbridge?: string };
  readonly account: { readonly region: string; readonly accountId: string };
  readonly assembly: ResolvedAssembly;
  /** Every resource of every stack, resolved (same objects the EventBridge factory got). */
  readonly resources: readonly ResolvedResource[];
  readonly tables: readonly LocalTable[];
  readonly queues: readonly LocalQueue[];
  readonly functions: readonly LocalFunctionInfo[];
  readonly eventSources: readonly EventSourceInfo[];
  /** EMF sums: `metrics.metric(consumer, 'EventsProcessed')`. */
  readonly metrics: MetricCounters;
  readonly events: EventEmitter<RuntimeEvents>;
  /** Milliseconds from the call to ready. */
  readonly readyMs: number;
  /** Where the ready time went, ms per phase: emulators, provisioning, eventBridge, eventSources. */
  readonly readyPhases: Readonly<Record<string, number>>;
  /**
   * The faults of this run, when `faults` was given: the validated spec, the counts per kind so far
   * (as `GET /status` reports them) and the DynamoDB endpoint functions use (the fault proxy).
   */
  readonly faults?: RuntimeFaults;
  /** A queue's URL by logical id, `<stack>/<logicalId>`, name, URL or ARN. */
  queueUrl(ref: string): string;
  /** A queue by logical id, `<stack>/<logicalId>`, name, URL or ARN. */
  queue(ref: string): LocalQueue;
  /** A table's name by logical id, `<stack>/<logicalId>`, name or ARN. */
  tableName(ref: string): string;
  /** A function by logical id, `<stack>/<logicalId>`, name, ARN or consumer name. */
  func(ref: string): LocalFunctionInfo;
  /** Invokes a function synchronously (RequestResponse); rejects with `FunctionInvocationError` when it fails. */
  invoke(ref: string, event: unknown): Promise<unknown>;
  /** Live counts of a queue by any reference `queue()` accepts. */
  queueStats(ref: string): QueueStats;
  stats(): RuntimeStats;
  /** Clients with dummy credentials pointed at the local endpoints. */
  sqsClient(): SQSClient;
  dynamoDbClient(): DynamoDBClient;
  /** Stops pollers, the EventBridge endpoint, workers, the SQS endpoint and DynamoDB Local; frees every port. */
  stop(): Promise<void>;
}
