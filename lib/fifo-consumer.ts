import { Annotations, Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, ProjectionType, type CfnTable, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule, type EventPattern, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge';
import { validateConsumerFunctionProps } from './consumer-function-settings';
import { validateFifoConsumerProps } from './fifo-consumer-validation';
import { OrderingKey } from './ordering-key';
import { functionEntry } from './project-paths';
import { RouterFunction } from './router-function';
import { DLQ_RETENTION, secureQueue } from './secure-queue';
import { grantItemReadWrite, secureTable } from './secure-table';

/** Prefix of every consumer rule's Description; the local runtime and test helpers key on it. */
export const CONSUMER_RULE_DESCRIPTION_PREFIX = 'event-router consumer: ';

/** CloudWatch namespace of the metrics the consumer functions emit (Powertools EMF). */
export const METRICS_NAMESPACE = 'EventRouter';

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
   * Message groups on the consumer queue.
   * @default OrderingKey.none() - one group, strict order across the whole consumer
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
   * @default - no limit besides the number of active message groups
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
   * How long a processed eventId is remembered to skip redeliveries (DEDUPE_TTL_SECONDS).
   * @default Duration.days(7)
   */
  readonly dedupeTtl?: Duration;
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
 * Everything one consumer needs: a rule on the bus, a FIFO buffer queue (EventBridge
 * targets only take a static MessageGroupId), a forwarder that re-sends each event to
 * the consumer's FIFO queue with one message group per entity and the producer's
 * eventId as deduplication id, the consumer function with partial batch failures, a
 * dedupe table, dead-letter queues for every hop, and alarms on DLQs, lag and errors.
 */
export class FifoConsumer extends Construct {
  /** The consumer's name. */
  public readonly consumerName: string;
  /** The rule on the bus. */
  public readonly rule: Rule;
  /** FIFO queue the rule delivers to (one static message group). */
  public readonly bufferQueue: Queue;
  /** Dead-letter queue of the buffer queue (e.g. events without a group key). */
  public readonly bufferDeadLetterQueue: Queue;
  /** Standard queue for events EventBridge could not deliver to the buffer queue. */
  public readonly targetDeadLetterQueue: Queue;
  /** The consumer's FIFO queue, grouped per entity. */
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

  constructor(scope: Construct, id: string, props: FifoConsumerProps) {
    super(scope, id);
    const settings = validateFifoConsumerProps(this.node.path, props);
    const functionSettings = validateConsumerFunctionProps(this.node.path, props, settings.maxReceiveCount);
    this.consumerName = props.consumerName;
    this.lagObjective = settings.lagObjective;
    const orderingKey = props.orderingKey ?? OrderingKey.none();
    if (orderingKey.path === undefined && props.maxConcurrency !== undefined) {
      Annotations.of(this).addWarningV2(
        'event-router:maxConcurrencyWithoutOrderingKey',
        'maxConcurrency has no effect with OrderingKey.none(): one message group is processed by one invocation at a time. ' +
          'Set an orderingKey to process entities in parallel, or remove maxConcurrency.',
      );
    }

    this.targetDeadLetterQueue = secureQueue(this, 'TargetDeadLetterQueue', { fifo: false, retentionPeriod: DLQ_RETENTION });
    this.bufferDeadLetterQueue = secureQueue(this, 'BufferDeadLetterQueue', { fifo: true, retentionPeriod: DLQ_RETENTION });
    this.bufferQueue = secureQueue(this, 'BufferQueue', {
      fifo: true,
      // EventBridge cannot set a deduplication id; the forwarder dedupes on eventId.
      contentBasedDeduplication: true,
      visibilityTimeout: Duration.seconds(settings.forwarderTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.bufferDeadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });
    this.deadLetterQueue = secureQueue(this, 'DeadLetterQueue', { fifo: true, retentionPeriod: DLQ_RETENTION });
    this.queue = secureQueue(this, 'Queue', {
      fifo: true,
      // One group per entity: let throughput scale with the groups. Deduplicating per
      // group loses nothing, since an event's group is derived from the event itself.
      highThroughput: orderingKey.path !== undefined,
      visibilityTimeout: settings.visibilityTimeout,
      // Far above maxAttempts: the consumer parks after its own attempts; receives of a message that
      // waited behind a failure in its group must never drive it into the DLQ untried.
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: functionSettings.consumerQueueMaxReceiveCount },
    });

    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      eventPattern: props.eventPattern,
      description: `${CONSUMER_RULE_DESCRIPTION_PREFIX}${props.consumerName}`,
    });
    this.rule.addTarget(
      new SqsQueue(this.bufferQueue, {
        messageGroupId: props.consumerName,
        deadLetterQueue: this.targetDeadLetterQueue,
        retryAttempts: settings.targetRetryAttempts,
        maxEventAge: settings.targetMaxEventAge,
      }),
    );

    this.forwarder = new RouterFunction(this, 'Forwarder', {
      entry: functionEntry('forwarder'),
      description: `event-router: forwards ${props.consumerName} events into per-entity FIFO groups`,
      timeout: settings.forwarderTimeout,
      memorySize: 256,
      environment: {
        TARGET_QUEUE_URL: this.queue.queueUrl,
        STATIC_GROUP_ID: props.consumerName,
        DEAD_LETTER_QUEUE_URL: this.bufferDeadLetterQueue.queueUrl,
        ...(orderingKey.path !== undefined ? { GROUP_KEY_PATH: orderingKey.path } : {}),
      },
    });
    this.queue.grantSendMessages(this.forwarder);
    // Events that can never be forwarded are parked there at once, with their reason.
    this.bufferDeadLetterQueue.grantSendMessages(this.forwarder);
    this.forwarder.addEventSource(
      new SqsEventSource(this.bufferQueue, { batchSize: 10, reportBatchItemFailures: true }),
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
      CONSUMER_NAME: props.consumerName,
      DEDUPE_TABLE_NAME: this.dedupeTable.tableName,
      DEDUPE_TTL_SECONDS: String(settings.dedupeTtl.toSeconds()),
      DEAD_LETTER_QUEUE_URL: this.deadLetterQueue.queueUrl,
      ORDERED: String(ordered),
      GAP_TIMEOUT_SECONDS: String(functionSettings.gapTimeout.toSeconds()),
      ON_GAP: functionSettings.onGap,
      MAX_ATTEMPTS: String(functionSettings.maxAttempts),
      POWERTOOLS_SERVICE_NAME: props.consumerName,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    };
    this.function = new RouterFunction(this, 'Function', {
      entry: props.entry,
      description: `event-router consumer ${props.consumerName}`,
      timeout: settings.functionTimeout,
      memorySize: props.memorySize,
      environment: {
        ...props.environment,
        ...runtimeEnvironment,
        ...(this.stateTable ? { STATE_TABLE_NAME: this.stateTable.tableName } : {}),
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
        maxConcurrency: props.maxConcurrency,
      }),
    );

    this.createAlarms();
    this.acknowledgeNagFindings();
  }

  /** The gap sweeper of an ordered consumer, with the consumer's environment, run every minute by a schedule rule. */
  private createGapSweeper(consumerName: string, environment: Record<string, string>): RouterFunction {
    const sweeper = new RouterFunction(this, 'GapSweeper', {
      entry: functionEntry('gap-sweeper'),
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
        'Invoked synchronously by an SQS event source mapping only; failed messages go to the queue redrive DLQ.',
      );
      acknowledge(
        fn,
        'Serverless-LambdaEventSourceMappingDestination',
        'SQS event source mappings take no on-failure destination; the source queue redrive policy moves failed messages to its FIFO DLQ.',
      );
    }
  }

  private createAlarms(): void {
    const name = this.consumerName;
    const dlqs: Array<[string, Queue, string]> = [
      ['DeadLetterQueueAlarm', this.deadLetterQueue, 'the consumer function failed maxReceiveCount times'],
      ['BufferDeadLetterQueueAlarm', this.bufferDeadLetterQueue, 'could not be forwarded (e.g. no group key)'],
      ['TargetDeadLetterQueueAlarm', this.targetDeadLetterQueue, 'EventBridge could not deliver to the buffer queue'],
    ];
    for (const [id, dlq, why] of dlqs) {
      this.alarms.push(
        new Alarm(this, id, {
          alarmDescription: `event-router ${name}: messages ${why}. Inspect the DLQ, fix the cause, redrive.`,
          metric: dlq.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    const lagSeconds = this.lagObjective.toSeconds();
    const lags: Array<[string, Metric, string]> = [
      ['LagAlarm', this.metricLag(), 'consumer queue'],
      ['BufferLagAlarm', this.bufferQueue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: Duration.minutes(1) }), 'buffer queue'],
    ];
    for (const [id, metric, where] of lags) {
      this.alarms.push(
        new Alarm(this, id, {
          alarmDescription: `event-router ${name}: oldest message on the ${where} is older than the lag objective (${lagSeconds}s).`,
          metric,
          threshold: lagSeconds,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    const fns: Array<[string, RouterFunction]> = [
      ['ErrorsAlarm', this.function],
      ['ForwarderErrorsAlarm', this.forwarder],
    ];
    for (const [id, fn] of fns) {
      this.alarms.push(
        new Alarm(this, id, {
          alarmDescription: `event-router ${name}: the ${fn.node.id.toLowerCase()} function failed invocations.`,
          metric: fn.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
  }
}
