import { Annotations, Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import { Metric, type Alarm, type IMetric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, ProjectionType, type CfnTable, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule, type EventPattern, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { CfnQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EnvironmentVariable, consumerRuleDescription } from '../runtime/contract';
import { METRICS_NAMESPACE, MetricName } from '../runtime/observability';
import { acknowledge } from './acknowledge';
import { validateConsumerFunctionProps } from './consumer-function-settings';
import { validateFifoConsumerProps } from './fifo-consumer-validation';
import { OrderingKey } from './ordering-key';
import { handlerEntry } from './handler-entry';
import { thresholdAlarm } from './threshold-alarm';
import { RouterFunction } from './router-function';
import { DLQ_RETENTION, QUEUE_RETENTION, secureQueue } from './secure-queue';
import { grantItemReadWrite, secureTable } from './secure-table';
import { metricTableThrottles } from './table-metrics';

/** Messages per forwarder invocation: one SendMessageBatch call's worth. */
export const FORWARDER_BATCH_SIZE = 10;

/**
 * CloudWatch namespace of the metrics the consumer functions emit (Powertools EMF). Defined by the
 * runtime; re-exported here only for lib/stacks/router-stack.ts, which imports it from this file.
 */

/**
 * Most concurrent invocations of a consumer's function (one message group per entity, or per
 * event when unordered) when `maxConcurrency` is not given: enough for steady parallelism, small enough
 * that one busy consumer cannot take the account's whole concurrency from the others.
 */
export const DEFAULT_MAX_CONCURRENCY = 10;


/** Props of {@link FifoConsumer}. */
export interface FifoConsumerProps {
  /** The bus the consumer's rule listens on (may be imported by name). */
  readonly bus: IEventBus;
  /** Name of the consumer: lowercase letters, digits and "-", starting with a letter, at most 40 chars. */
  readonly consumerName: string;
  /** EventBridge event pattern selecting the events this consumer receives. */
  readonly eventPattern: EventPattern;
  /** Absolute path of the handler's TypeScript entry file (exports `handler`). */
  readonly entry: string;
  /**
   * Message groups on the consumer queue: one per entity (the value at a JSON path, checked at
   * synth against the registered schemas of the matched events), or one per event.
   * @default OrderingKey.none() - every event its own group: unordered, fully parallel
   */
  readonly orderingKey?: OrderingKey;
  /**
   * Receives before a message moves to the buffer queue's dead-letter queue. The consumer queue's redrive
   * uses max(maxReceiveCount, 10 x maxAttempts), at most 1000: there it is only a safety net, since the
   * consumer parks a message itself after `maxAttempts` attempts of its own handler.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Failed attempts of a message's own handler before the consumer parks it in the DLQ (MAX_ATTEMPTS).
   * Messages skipped behind a failure in their group do not count.
   * @default 5
   */
  readonly maxAttempts?: number;
  /**
   * With an ordering key: how long held events wait for a missing sequence before the gap counts as
   * timed out (GapsTimedOut metric; see `onGap`). 60 s to 14 days; the gap sweeper runs every minute.
   * @default Duration.minutes(5)
   */
  readonly gapTimeout?: Duration;
  /**
   * With an ordering key: what happens to a gap open longer than `gapTimeout`. `wait` keeps the held
   * events waiting (the metric and logs tell an operator); `skip` gives the missing sequences up, logs
   * them with the entity, and applies the held events.
   * @default 'wait'
   */
  readonly onGap?: 'wait' | 'skip';
  /**
   * Timeout of the consumer function (1-900 s).
   * @default Duration.seconds(30)
   */
  readonly functionTimeout?: Duration;
  /**
   * Visibility timeout of the consumer queue; must be at least 6 x functionTimeout.
   * @default 6 x functionTimeout
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
   */
  readonly visibilityTimeout?: Duration;
  /**
   * Messages per invocation of the consumer function (1-10, the FIFO maximum).
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * Most concurrent invocations the event source mapping starts (2-1000).
   * @default DEFAULT_MAX_CONCURRENCY (10)
   */
  readonly maxConcurrency?: number;
  /**
   * Memory of the consumer function in MB.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Age of the oldest queued message above which the lag alarms fire.
   * @default Duration.minutes(5)
   */
  readonly lagObjective?: Duration;
  /**
   * How long a processed eventId (or an entity's sequence cursor) is remembered to skip
   * redeliveries (DEDUPE_TTL_SECONDS). Must cover every window in which a copy of an event can
   * still arrive: buffer queue + consumer queue + DLQ retention (14 days each) + the longer of
   * archiveRetention and the rule-target DLQ's 14 days.
   * @default that sum (72 days with the default 30-day archive)
   */
  readonly dedupeTtl?: Duration;
  /**
   * Retention of the bus archive this consumer can be replayed from; give the bus's
   * `archiveRetention` if you changed it. Only used to check that dedupeTtl covers replays.
   * @default Duration.days(30) - RouterBus's default
   */
  readonly archiveRetention?: Duration;
  /**
   * Most concurrent forwarder invocations reading the buffer queue (2-1000): the intake's
   * ceiling is about this x 10 events / forwarder duration. The forwarder reserves exactly this
   * much concurrency, so busy consumers can never starve it.
   * @default DEFAULT_FORWARDER_MAX_CONCURRENCY (10)
   */
  readonly forwarderMaxConcurrency?: number;
  /**
   * Give the consumer its own business table (`pk` S + `sk` S, STATE_TABLE_NAME).
   * @default false
   */
  readonly stateTable?: boolean;
  /**
   * Extra environment variables of the consumer function; the router's own names are reserved.
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Times EventBridge retries delivering to the buffer queue before using the rule's DLQ (0-185).
   * @default 185
   */
  readonly targetRetryAttempts?: number;
  /**
   * Oldest event EventBridge still retries delivering (60 s - 24 h).
   * @default Duration.hours(24)
   */
  readonly targetMaxEventAge?: Duration;
  /**
   * What happens to the consumer's tables when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Everything one consumer needs: a rule on the bus, a standard buffer queue, forwarders
 * reading it concurrently that re-send each event to the consumer's FIFO queue with one
 * message group per entity (or per event, unordered) and the producer's eventId as
 * deduplication id, the consumer function with partial batch failures, a dedupe table,
 * dead-letter queues for every hop, and alarms on DLQs, lag and errors. No stage has one
 * batch in flight for the whole consumer: order per entity is restored at the consumer.
 */
export class FifoConsumer extends Construct {
  /** The consumer's name. */
  public readonly consumerName: string;
  /** The rule on the bus. */
  public readonly rule: Rule;
  /** Standard queue the rule delivers to, read by the forwarder with concurrency. */
  public readonly bufferQueue: Queue;
  /** Dead-letter queue of the buffer queue (e.g. events without a group key). */
  public readonly bufferDeadLetterQueue: Queue;
  /** Standard queue for events EventBridge could not deliver to the buffer queue. */
  public readonly targetDeadLetterQueue: Queue;
  /** The consumer's FIFO queue, grouped per entity (per event when unordered). */
  public readonly queue: Queue;
  /** Dead-letter queue of the consumer queue. */
  public readonly deadLetterQueue: Queue;
  /** Function moving events from the buffer queue to the consumer queue. */
  public readonly forwarder: RouterFunction;
  /** The consumer function. */
  public readonly function: RouterFunction;
  /** Table of processed eventIds (`pk` S, TTL `expiresAt`). */
  public readonly dedupeTable: Table;
  /** Function run every minute (ordered consumers only) that times out and, with onGap skip, closes gaps. */
  public readonly gapSweeper?: RouterFunction;
  /** The consumer's business table, when `stateTable` is set. */
  public readonly stateTable?: Table;
  /** Every alarm of this consumer, to attach actions to. */
  public readonly alarms: Alarm[] = [];

  private readonly lagObjective: Duration;
  private readonly busName: string;

  constructor(scope: Construct, id: string, props: FifoConsumerProps) {
    super(scope, id);
    const settings = validateFifoConsumerProps(this.node.path, props);
    if (settings.orderingKeyUnchecked) {
      Annotations.of(this).addWarningV2(
        'event-router:orderingKeyUnchecked',
        `orderingKey ${props.orderingKey!.path} was not checked against the events' schemas: the app has no schemas/ folder. ` +
          'A path no event carries makes the forwarder park every event in the buffer DLQ (GroupKeyMissingError); check it with matchesEventPattern or a test event.',
      );
    }
    const functionSettings = validateConsumerFunctionProps(this.node.path, props, settings.maxReceiveCount);
    this.consumerName = props.consumerName;
    this.lagObjective = settings.lagObjective;
    this.busName = props.bus.eventBusName;
    const orderingKey = props.orderingKey ?? OrderingKey.none();

    // Every queue: SSE, TLS only, explicit 1 MiB MaximumMessageSize (secureQueue), a DLQ.
    this.targetDeadLetterQueue = secureQueue(this, 'TargetDeadLetterQueue', { fifo: false, retentionPeriod: DLQ_RETENTION });
    this.bufferDeadLetterQueue = secureQueue(this, 'BufferDeadLetterQueue', { fifo: false, retentionPeriod: DLQ_RETENTION });
    // Standard, not FIFO: EventBridge does not promise order anyway, and a FIFO buffer with
    // the one static group a rule target allows would let one forwarder batch in flight.
    this.bufferQueue = secureQueue(this, 'BufferQueue', {
      fifo: false,
      retentionPeriod: QUEUE_RETENTION,
      visibilityTimeout: Duration.seconds(settings.forwarderTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.bufferDeadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });
    this.deadLetterQueue = secureQueue(this, 'DeadLetterQueue', { fifo: true, retentionPeriod: DLQ_RETENTION });
    this.queue = secureQueue(this, 'Queue', {
      fifo: true,
      // Many groups (one per entity, or one per event when unordered): throughput and
      // deduplication per group. Per-group deduplication loses nothing, since an event's
      // group is derived from the event itself.
      highThroughput: true,
      retentionPeriod: QUEUE_RETENTION,
      visibilityTimeout: settings.visibilityTimeout,
      // Far above maxAttempts: the consumer parks after its own attempts; receives of a message that
      // waited behind a failure in its group must never drive it into the DLQ untried.
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: functionSettings.consumerQueueMaxReceiveCount },
    });

    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      eventPattern: props.eventPattern,
      description: consumerRuleDescription(props.consumerName),
    });
    this.rule.addTarget(
      new SqsQueue(this.bufferQueue, {
        deadLetterQueue: this.targetDeadLetterQueue,
        retryAttempts: settings.targetRetryAttempts,
        maxEventAge: settings.targetMaxEventAge,
      }),
    );

    this.forwarder = new RouterFunction(this, 'Forwarder', {
      entry: handlerEntry('forwarder'),
      description: `event-router: forwards ${props.consumerName} events into ${orderingKey.path === undefined ? 'one FIFO group per event' : 'per-entity FIFO groups'}`,
      timeout: settings.forwarderTimeout,
      memorySize: 256,
      // Reserved = the mapping's maximum: the forwarder always gets the concurrency its mapping may
      // use, however busy the consumers are, and is never throttled by its own mapping.
      reservedConcurrency: settings.forwarderMaxConcurrency,
      environment: {
        [EnvironmentVariable.TARGET_QUEUE_URL]: this.queue.queueUrl,
        [EnvironmentVariable.DEAD_LETTER_QUEUE_URL]: this.bufferDeadLetterQueue.queueUrl,
        ...(orderingKey.path !== undefined ? { [EnvironmentVariable.GROUP_KEY_PATH]: orderingKey.path } : {}),
      },
    });
    this.queue.grantSendMessages(this.forwarder);
    // Events that can never be forwarded are parked there at once, with their reason.
    this.bufferDeadLetterQueue.grantSendMessages(this.forwarder);
    // Batches of 10 = one SendMessageBatch call when the events are of distinct entities; no
    // batching window, so an event is forwarded as soon as a poller sees it.
    this.forwarder.addEventSource(
      new SqsEventSource(this.bufferQueue, {
        batchSize: FORWARDER_BATCH_SIZE,
        reportBatchItemFailures: true,
        maxConcurrency: settings.forwarderMaxConcurrency,
      }),
    );

    this.dedupeTable = secureTable(this, 'DedupeTable', {
      withSortKey: false,
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: props.removalPolicy,
    });
    const ordered = orderingKey.path !== undefined;
    if (ordered) {
      // Sparse: only cursors with held events carry gapConsumer, so the sweeper reads open gaps, not the table.
      this.dedupeTable.addGlobalSecondaryIndex({
        indexName: 'gaps',
        partitionKey: { name: 'gapConsumer', type: AttributeType.STRING },
        sortKey: { name: 'gapOpenSince', type: AttributeType.NUMBER },
        projectionType: ProjectionType.ALL,
      });
    }
    if (props.stateTable) {
      this.stateTable = secureTable(this, 'StateTable', { withSortKey: true, removalPolicy: props.removalPolicy });
    }

    const runtimeEnvironment = {
      [EnvironmentVariable.CONSUMER_NAME]: props.consumerName,
      [EnvironmentVariable.DEDUPE_TABLE_NAME]: this.dedupeTable.tableName,
      [EnvironmentVariable.DEDUPE_TTL_SECONDS]: String(settings.dedupeTtl.toSeconds()),
      [EnvironmentVariable.DEAD_LETTER_QUEUE_URL]: this.deadLetterQueue.queueUrl,
      [EnvironmentVariable.ORDERED]: String(ordered),
      [EnvironmentVariable.GAP_TIMEOUT_SECONDS]: String(functionSettings.gapTimeout.toSeconds()),
      [EnvironmentVariable.ON_GAP]: functionSettings.onGap,
      [EnvironmentVariable.MAX_ATTEMPTS]: String(functionSettings.maxAttempts),
      [EnvironmentVariable.POWERTOOLS_SERVICE_NAME]: props.consumerName,
      [EnvironmentVariable.POWERTOOLS_METRICS_NAMESPACE]: METRICS_NAMESPACE,
    };
    this.function = new RouterFunction(this, 'Function', {
      entry: props.entry,
      description: `event-router consumer ${props.consumerName}`,
      timeout: settings.functionTimeout,
      memorySize: props.memorySize,
      environment: {
        ...props.environment,
        ...runtimeEnvironment,
        ...(this.stateTable ? { [EnvironmentVariable.STATE_TABLE_NAME]: this.stateTable.tableName } : {}),
      },
    });
    // Markers, per-entity cursors, held events and attempt counters live in the dedupe table
    // (gets, batch gets, conditional puts/updates, deletes, transactions, the gaps index).
    this.dedupeTable.grantReadWriteData(this.function);
    this.acknowledgeIndexGrant(this.function);
    // Permanent failures are parked there at once, with their reason.
    this.deadLetterQueue.grantSendMessages(this.function);
    if (ordered) this.gapSweeper = this.createGapSweeper(props.consumerName, runtimeEnvironment);
    if (this.stateTable) grantItemReadWrite(this.stateTable, this.function);
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: settings.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
      }),
    );

    this.createAlarms(orderingKey.path !== undefined);
    this.acknowledgeNagFindings();
  }

  /** The gap sweeper of an ordered consumer, with the consumer's environment, run every minute by a schedule rule. */
  private createGapSweeper(consumerName: string, environment: Record<string, string>): RouterFunction {
    const sweeper = new RouterFunction(this, 'GapSweeper', {
      entry: handlerEntry('gap-sweeper'),
      description: `event-router: times out and closes ${consumerName} sequence gaps`,
      timeout: Duration.seconds(60),
      memorySize: 256,
      environment: { ...environment, CONSUMER_QUEUE_URL: this.queue.queueUrl },
    });
    this.dedupeTable.grantReadWriteData(sweeper);
    this.acknowledgeIndexGrant(sweeper);
    // A held event whose gap closed is sent back to the consumer queue to be applied.
    this.queue.grantSendMessages(sweeper);
    const schedule = new Rule(this, 'GapSweeperSchedule', {
      schedule: Schedule.rate(Duration.minutes(1)),
      description: `event-router gap sweeper: ${consumerName}`,
      targets: [new LambdaFunction(sweeper, { retryAttempts: 0 })],
    });
    acknowledge(schedule, 'Serverless-EventBusDLQ', 'A schedule tick carries no data: a tick that could not be delivered is replaced by the next one a minute later.');
    acknowledge(sweeper, 'Serverless-LambdaDLQ', 'Run every minute by a schedule; a failed run is simply the next run, nothing is lost (held events stay in the table).');
    return sweeper;
  }

  /** grantReadWriteData covers the table's indexes as `<table>/index/*`: the only index is the sparse gaps index. */
  private acknowledgeIndexGrant(fn: RouterFunction): void {
    const tableId = Stack.of(this).getLogicalId(this.dedupeTable.node.defaultChild as CfnTable);
    acknowledge(
      fn.role!,
      `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
      "Reads of the consumer's own dedupe table indexes: the sparse gaps index of entities with held events.",
    );
  }

  /** Age in seconds of the oldest message waiting on the consumer queue: how far the consumer lags. */
  public metricLag(options?: MetricOptions): Metric {
    return this.queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: Duration.minutes(1), ...options });
  }

  /** Messages waiting in the consumer's dead-letter queue. */
  public metricDlqDepth(options?: MetricOptions): Metric {
    return this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      statistic: 'Maximum',
      period: Duration.minutes(1),
      ...options,
    });
  }

  /** Messages the consumer finished (deleted from its queue) per period. */
  public metricThroughput(options?: MetricOptions): Metric {
    return this.queue.metricNumberOfMessagesDeleted({ statistic: 'Sum', period: Duration.minutes(1), ...options });
  }

  private acknowledgeNagFindings(): void {
    for (const dlq of [this.deadLetterQueue, this.bufferDeadLetterQueue, this.targetDeadLetterQueue]) {
      acknowledge(dlq, 'Serverless-SQSRedrivePolicy', 'This queue is itself a dead-letter queue; nothing redrives out of it automatically.');
    }
    acknowledge(
      this.targetDeadLetterQueue,
      'AwsSolutions-SQS3',
      "It is the rule target's dead-letter queue (EventBridge DeadLetterConfig), which cdk-nag does not recognize as one.",
    );
    for (const fn of [this.forwarder, this.function]) {
      acknowledge(
        fn,
        'Serverless-LambdaDLQ',
        'Invoked synchronously by an SQS event source mapping only, so a Lambda DLQ would never receive anything; a message that cannot be processed is parked in the queue DLQ by the function or reaches it by the queue redrive policy.',
      );
      acknowledge(
        fn,
        'Serverless-LambdaEventSourceMappingDestination',
        'SQS event source mappings take no on-failure destination; the source queue redrive policy moves failed messages to its FIFO DLQ.',
      );
    }
  }

  private createAlarms(ordered: boolean): void {
    const name = this.consumerName;
    const alarm = (id: string, description: string, metric: IMetric, threshold: number, options: { evaluationPeriods?: number } = {}) =>
      this.alarms.push(thresholdAlarm(this, id, { description: `event-router ${name}: ${description}`, metric, threshold, ...options }));
    const depth = (queue: Queue) => queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) });
    const age = (queue: Queue) => queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: Duration.minutes(5) });

    const dlqs: Array<[string, Queue, string]> = [
      ['DeadLetterQueue', this.deadLetterQueue, 'the consumer parked them (permanent failure) or failed them maxReceiveCount times'],
      ['BufferDeadLetterQueue', this.bufferDeadLetterQueue, 'could not be forwarded (e.g. no group key)'],
      ['TargetDeadLetterQueue', this.targetDeadLetterQueue, 'EventBridge could not deliver to the buffer queue'],
    ];
    for (const [id, dlq, why] of dlqs) {
      alarm(`${id}Alarm`, `messages in ${id}: ${why}. Inspect the DLQ, fix the cause, redrive.`, depth(dlq), 1);
      const expiresIn = retentionSeconds(dlq);
      alarm(
        `${id}AgeAlarm`,
        `a message in ${id} is older than ${RETENTION_ALARM_FRACTION * 100} % of its ${days(expiresIn)}-day retention; ` +
          'SQS deletes it at the end of the retention. Redrive or save it now.',
        age(dlq),
        Math.floor(expiresIn * RETENTION_ALARM_FRACTION),
      );
    }

    const lagSeconds = this.lagObjective.toSeconds();
    const lags: Array<[string, Metric, string]> = [
      ['LagAlarm', this.metricLag(), 'consumer queue'],
      ['BufferLagAlarm', this.metricBufferLag(), 'buffer queue'],
    ];
    for (const [id, metric, where] of lags) {
      this.alarms.push(
        thresholdAlarm(this, id, {
          description: `event-router ${name}: oldest message on the ${where} is older than the lag objective (${lagSeconds}s).`,
          metric,
          threshold: lagSeconds,
          inclusive: false,
        }),
      );
    }
    // Lag says "slow"; these say "events are about to be deleted unconsumed".
    const queues: Array<[string, Queue]> = [
      ['QueueAgeAlarm', this.queue],
      ['BufferQueueAgeAlarm', this.bufferQueue],
    ];
    for (const [id, queue] of queues) {
      const expiresIn = retentionSeconds(queue);
      alarm(
        id,
        `the oldest unconsumed event on ${queue.node.id} is older than ${RETENTION_ALARM_FRACTION * 100} % of the queue's ` +
          `${days(expiresIn)}-day retention; SQS deletes it unconsumed at the end. Get the consumer running now.`,
        age(queue),
        Math.floor(expiresIn * RETENTION_ALARM_FRACTION),
      );
    }

    const fns: Array<[string, RouterFunction]> = [
      ['', this.function],
      ['Forwarder', this.forwarder],
    ];
    for (const [prefix, fn] of fns) {
      const which = `the ${fn.node.id.toLowerCase()} function`;
      alarm(`${prefix}ErrorsAlarm`, `${which} failed invocations.`, fn.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }), 1);
      alarm(
        `${prefix}ThrottlesAlarm`,
        `${which} was throttled (account or reserved concurrency exhausted); its queue backs up.`,
        fn.metricThrottles({ statistic: 'Sum', period: Duration.minutes(5) }),
        1,
      );
    }

    alarm(
      'RuleFailedInvocationsAlarm',
      'EventBridge failed to deliver events of the rule to the buffer queue (they are retried, then go to the target DLQ).',
      this.metricRule('FailedInvocations'),
      1,
    );
    alarm(
      'RuleDeadLetterFailuresAlarm',
      'EventBridge could not put undeliverable events into the target DLQ either: those events are LOST. Check the DLQ and its policy.',
      this.metricRule('InvocationsFailedToBeSentToDlq'),
      1,
    );

    alarm('EventsFailedAlarm', 'the handler failed events (they are retried or parked).', this.metricConsumer(MetricName.EventsFailed), 1);
    alarm('EventsParkedAlarm', 'events were parked in the DLQ as permanent failures; their entities wait behind them.', this.metricConsumer(MetricName.EventsParked), 1);
    if (ordered) {
      alarm(
        'GapsTimedOutAlarm',
        'an entity waits for a missing sequence number longer than the gap timeout; later events are held.',
        this.metricConsumer(MetricName.GapsTimedOut),
        1,
      );
      alarm(
        'HeldEventsAlarm',
        'events have been held waiting for earlier ones for 15 minutes or more.',
        this.metricConsumer(MetricName.HeldEvents, { statistic: 'Minimum' }),
        1,
        { evaluationPeriods: 3 },
      );
    }

    const tables: Array<[string, Table | undefined]> = [
      ['DedupeTableThrottlesAlarm', this.dedupeTable],
      ['StateTableThrottlesAlarm', this.stateTable],
    ];
    for (const [id, table] of tables) {
      if (table === undefined) continue;
      alarm(id, `DynamoDB throttled requests on ${table.node.id}; events are retried and lag grows.`, metricTableThrottles(table, `${table.node.id} throttled requests`), 1);
    }
  }

  /** Age in seconds of the oldest message on the buffer queue (before the forwarder). */
  public metricBufferLag(options?: MetricOptions): Metric {
    return this.bufferQueue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: Duration.minutes(1), ...options });
  }

  /**
   * A metric the consumer's functions emit (namespace EventRouter). Powertools adds the
   * `service` dimension (POWERTOOLS_SERVICE_NAME = the consumer name) to `consumer`, and
   * CloudWatch matches dimension sets exactly, so both are given.
   */
  public metricConsumer(metricName: MetricName, options?: MetricOptions): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service: this.consumerName, consumer: this.consumerName },
      statistic: 'Sum',
      period: Duration.minutes(5),
      ...options,
    });
  }

  /** An EventBridge metric of the consumer's rule (`FailedInvocations`, `Invocations`, `InvocationsFailedToBeSentToDlq`, ...). */
  public metricRule(metricName: string, options?: MetricOptions): Metric {
    return new Metric({
      namespace: 'AWS/Events',
      metricName,
      dimensionsMap: { EventBusName: this.busName, RuleName: this.rule.ruleName },
      statistic: 'Sum',
      period: Duration.minutes(5),
      ...options,
    });
  }
}

/** Alert when the oldest message reaches this share of its queue's retention: days to act before SQS deletes it. */
export const RETENTION_ALARM_FRACTION = 0.7;

/** The queue's MessageRetentionPeriod in seconds (SQS's default, 4 days, when unset). */
function retentionSeconds(queue: Queue): number {
  const value = (queue.node.defaultChild as CfnQueue).messageRetentionPeriod;
  return typeof value === 'number' ? value : Duration.days(4).toSeconds();
}

function days(seconds: number): number {
  return Math.round((seconds / 86_400) * 10) / 10;
}
