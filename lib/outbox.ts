import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { MathExpression, Metric, type Alarm, type IMetric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, ProjectionType, StreamViewType, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EnvironmentVariable } from '../runtime/contract';
import { METRICS_NAMESPACE, MetricName } from '../runtime/observability';
import { CREATED_AT_ATTRIBUTE, PENDING_INDEX_NAME, PENDING_SHARD_ATTRIBUTE } from '../runtime/outbox/index';
import { acknowledge } from './acknowledge';
import { handlerEntry } from './handler-entry';
import { grantPublishTo } from './router-bus';
import { RouterFunction } from './router-function';
import { thresholdAlarm } from './threshold-alarm';

/**
 * Concurrency reserved for the outbox publisher. Its stream mapping runs one batch per shard
 * at a time (parallelization factor 1), so 5 covers a table of up to 5 stream shards.
 */
export const OUTBOX_PUBLISHER_RESERVED_CONCURRENCY = 5;
import { DLQ_RETENTION, secureQueue } from './secure-queue';
import { secureTable } from './secure-table';
import { integerIn } from './validate';

/** `EventsParked` of one outbox function, as Powertools emits it (dimensions `consumer` and `service`). */
function parkedBy(name: string): Metric {
  return new Metric({ namespace: METRICS_NAMESPACE, metricName: MetricName.EventsParked, dimensionsMap: { consumer: name, service: name }, statistic: 'Sum' });
}

/** Props of {@link Outbox}. */
export interface OutboxProps {
  /** The bus the publisher puts events on; it may publish to this bus only. */
  readonly bus: IEventBus;
  /** Event sources the publisher may put on the bus (the grant's `events:source` condition). */
  readonly sources: string[];
  /**
   * Entry of the publisher function.
   * @default the library's outbox publisher (handlers/outbox-publisher)
   */
  readonly publisherEntry?: string;
  /**
   * Stream records per publisher invocation (1-1000). Larger batches fill PutEvents calls
   * better: a batch that needed a retry ends with one partly filled call, so at 1000 the
   * publisher makes about 104 calls per 1,000 records with 10 % throttling, at 100 about 109.
   * A batch is still invoked as soon as records arrive (no batching window).
   * @default 1000
   */
  readonly batchSize?: number;
  /**
   * Entry of the sweeper function.
   * @default the library's outbox sweeper (handlers/outbox-sweeper)
   */
  readonly sweeperEntry?: string;
  /**
   * Age after which a row still not published is sent by the sweeper (60 s - 24 h). Longer than the
   * stream publisher normally needs, so the sweeper only sends what the stream did not (an outage past
   * the mapping's retry budget, a publisher that failed before marking); a row both send arrives twice
   * with the same eventId.
   * @default Duration.minutes(5)
   */
  readonly sweepAfter?: Duration;
  /**
   * How often the sweeper runs (1 minute - 1 hour).
   * @default Duration.minutes(1)
   */
  readonly sweepInterval?: Duration;
  /**
   * Retries of a failing batch before Lambda gives up on its records and describes them in the
   * on-failure queue (0-10000). Giving up loses nothing: the rows stay pending and the sweeper sends them.
   * @default 10
   */
  readonly retryAttempts?: number;
  /**
   * Oldest stream record still retried (60 s - 7 days).
   * @default Duration.hours(24)
   */
  readonly maxRecordAge?: Duration;
  /**
   * Concurrency reserved for the publisher, so busy consumers never starve it.
   * @default OUTBOX_PUBLISHER_RESERVED_CONCURRENCY (5: one batch per shard, 5 shards)
   */
  readonly reservedConcurrency?: number;
  /**
   * Iterator age above which the lag alarm fires.
   * @default Duration.minutes(5)
   */
  readonly iteratorAgeObjective?: Duration;
  /**
   * What happens to the outbox table when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A transactional outbox: a table a service writes its events into in the same
 * transaction as its own data (`pk` = entity key, `sk` = eventId, a per-entity sequence
 * item), a publisher on the table's stream that puts newly inserted events on the bus and
 * marks them published, and a scheduled sweeper that publishes, each entity in sequence
 * order, every row still unpublished `sweepAfter` after it was written (sparse GSI
 * `pending`). Nothing depends on the stream mapping's retry budget.
 */
export class Outbox extends Construct {
  /** The outbox table (stream NEW_IMAGE, TTL `expiresAt`, set only once a row is published). */
  public readonly table: Table;
  /** The stream publisher function. */
  public readonly publisher: RouterFunction;
  /** The scheduled sweeper function. */
  public readonly sweeper: RouterFunction;
  /** The schedule rule that runs the sweeper. */
  public readonly sweepRule: Rule;
  /** Where the schedule's invocations of the sweeper that failed every retry are recorded. */
  public readonly sweeperDeadLetterQueue: Queue;
  /** Where stream records the publisher gave up on are recorded (their rows stay pending for the sweeper). */
  public readonly failureQueue: Queue;
  /** Every alarm of the outbox, to attach actions to. */
  public readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OutboxProps) {
    super(scope, id);
    const batchSize = integerIn(this.node.path, 'batchSize', props.batchSize ?? 1000, 1, 1000);
    const retryAttempts = integerIn(this.node.path, 'retryAttempts', props.retryAttempts ?? 10, 0, 10_000);
    const maxRecordAge = props.maxRecordAge ?? Duration.hours(24);
    integerIn(this.node.path, 'maxRecordAge (seconds)', maxRecordAge.toSeconds(), 60, 604_800);
    const iteratorAgeObjective = props.iteratorAgeObjective ?? Duration.minutes(5);
    integerIn(this.node.path, 'iteratorAgeObjective (seconds)', iteratorAgeObjective.toSeconds(), 1, 604_800);
    const sweepAfter = props.sweepAfter ?? Duration.minutes(5);
    integerIn(this.node.path, 'sweepAfter (seconds)', sweepAfter.toSeconds(), 60, 86_400);
    const sweepInterval = props.sweepInterval ?? Duration.minutes(1);
    integerIn(this.node.path, 'sweepInterval (minutes)', sweepInterval.toMinutes(), 1, 60);

    this.table = secureTable(this, 'Table', {
      withSortKey: true,
      timeToLiveAttribute: 'expiresAt',
      stream: StreamViewType.NEW_IMAGE,
      removalPolicy: props.removalPolicy,
    });
    // Sparse: only rows not yet published (and parked ones) carry pendingShard, so the sweeper reads just those.
    this.table.addGlobalSecondaryIndex({
      indexName: PENDING_INDEX_NAME,
      partitionKey: { name: PENDING_SHARD_ATTRIBUTE, type: AttributeType.STRING },
      sortKey: { name: CREATED_AT_ATTRIBUTE, type: AttributeType.NUMBER },
      projectionType: ProjectionType.ALL,
    });
    this.failureQueue = secureQueue(this, 'FailureQueue', { fifo: false, retentionPeriod: DLQ_RETENTION });

    this.publisher = new RouterFunction(this, 'Publisher', {
      entry: props.publisherEntry ?? handlerEntry('outbox-publisher'),
      description: 'event-router: publishes outbox inserts to the bus',
      timeout: Duration.seconds(60),
      reservedConcurrency: props.reservedConcurrency ?? OUTBOX_PUBLISHER_RESERVED_CONCURRENCY,
      environment: {
        [EnvironmentVariable.EVENT_BUS_NAME]: props.bus.eventBusName,
        [EnvironmentVariable.OUTBOX_TABLE_NAME]: this.table.tableName,
        [EnvironmentVariable.POWERTOOLS_SERVICE_NAME]: 'outbox-publisher',
        [EnvironmentVariable.POWERTOOLS_METRICS_NAMESPACE]: METRICS_NAMESPACE,
      },
    });
    grantPublishTo(props.bus, this.publisher, props.sources, this.node.path);
    // Marks published rows (BatchWriteItem), parks malformed ones (UpdateItem), reads an entity's earlier pending rows (Query).
    this.grantMarkRows(this.publisher);
    this.publisher.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize,
        retryAttempts,
        maxRecordAge,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        // One batch per shard at a time: keeps each entity's events in write order.
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.failureQueue),
        // TTL deletions and (never expected) updates are not events to publish.
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT') })],
      }),
    );

    this.sweeper = new RouterFunction(this, 'Sweeper', {
      entry: props.sweeperEntry ?? handlerEntry('outbox-sweeper'),
      description: 'event-router: publishes outbox rows the stream publisher did not',
      timeout: Duration.seconds(Math.min(300, sweepInterval.toSeconds())),
      environment: {
        [EnvironmentVariable.EVENT_BUS_NAME]: props.bus.eventBusName,
        [EnvironmentVariable.OUTBOX_TABLE_NAME]: this.table.tableName,
        [EnvironmentVariable.SWEEP_AFTER_SECONDS]: String(sweepAfter.toSeconds()),
        [EnvironmentVariable.POWERTOOLS_SERVICE_NAME]: 'outbox-sweeper',
        [EnvironmentVariable.POWERTOOLS_METRICS_NAMESPACE]: METRICS_NAMESPACE,
      },
    });
    grantPublishTo(props.bus, this.sweeper, props.sources, this.node.path);
    this.grantMarkRows(this.sweeper);
    this.sweeperDeadLetterQueue = secureQueue(this, 'SweeperDeadLetterQueue', { fifo: false, retentionPeriod: DLQ_RETENTION });
    this.sweepRule = new Rule(this, 'SweepSchedule', {
      description: 'event-router outbox: runs the sweeper',
      schedule: Schedule.rate(sweepInterval),
      targets: [
        new LambdaFunction(this.sweeper, {
          deadLetterQueue: this.sweeperDeadLetterQueue,
          retryAttempts: 2,
          // A run that could not start within one interval is superseded by the next one.
          maxEventAge: Duration.seconds(Math.max(60, sweepInterval.toSeconds())),
        }),
      ],
    });

    acknowledge(this.sweeperDeadLetterQueue, 'AwsSolutions-SQS3', "It is the sweeper schedule target's dead-letter queue.");
    acknowledge(this.sweeperDeadLetterQueue, 'Serverless-SQSRedrivePolicy', 'This queue is itself a dead-letter queue.');
    acknowledge(
      this.sweeper,
      'Serverless-LambdaDLQ',
      'Invoked by its schedule rule, whose target has a dead-letter queue; a missed run is covered by the next one.',
    );
    acknowledge(this.failureQueue, 'AwsSolutions-SQS3', "It is the stream event source mapping's on-failure destination, a dead-letter queue.");
    acknowledge(this.failureQueue, 'Serverless-SQSRedrivePolicy', 'This queue is itself a dead-letter queue.');
    acknowledge(
      this.publisher,
      'Serverless-LambdaDLQ',
      'Invoked synchronously by its stream event source mapping, whose on-failure destination is the failure queue.',
    );

    this.alarms.push(
      thresholdAlarm(this, 'IteratorAgeAlarm', {
        description: `event-router outbox: events wait longer than ${iteratorAgeObjective.toSeconds()}s to be published.`,
        metric: this.metricIteratorAge(),
        threshold: iteratorAgeObjective.toMilliseconds(),
        inclusive: false,
      }),
      thresholdAlarm(this, 'ErrorsAlarm', {
        description: 'event-router outbox: the publisher function failed invocations.',
        metric: this.publisher.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }),
      }),
      thresholdAlarm(this, 'FailureQueueAlarm', {
        description:
          'event-router outbox: the stream publisher gave up on records (the retry budget ran out). Their rows stay pending and the ' +
          'sweeper publishes them; check `npx event-router outbox pending` and the publisher logs for the cause.',
        metric: this.failureQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) }),
      }),
      thresholdAlarm(this, 'SweeperErrorsAlarm', {
        description: 'event-router outbox: the sweeper failed runs; rows the stream did not publish are not being published.',
        metric: this.sweeper.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }),
      }),
      thresholdAlarm(this, 'SweeperDeadLetterQueueAlarm', {
        description: 'event-router outbox: scheduled sweeper runs failed every retry (see the sweeper logs).',
        metric: this.sweeperDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) }),
      }),
      thresholdAlarm(this, 'SweptEventsAlarm', {
        description:
          'event-router outbox: the sweeper published rows the stream publisher did not (events reached the bus late). ' +
          'Find why in the publisher logs; `npx event-router outbox pending` lists what is still waiting.',
        metric: this.metricSweptEvents(),
      }),
      thresholdAlarm(this, 'ParkedRowsAlarm', {
        description:
          'event-router outbox: malformed rows were parked; their events are NOT published. List them with ' +
          '`npx event-router outbox pending`, fix and republish, or delete them.',
        metric: this.metricParkedRows(),
      }),
    );
  }

  /** Lets a producer write outbox rows (single puts and transactions) and read its entities' sequence items, nothing more. */
  public grantWrite(grantee: IGrantable): Grant {
    // On the table only (table.grant would add `index/*`, which a producer never needs).
    return Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'],
      resourceArns: [this.table.tableArn],
    });
  }

  /** Query the table and its pending index, mark rows published (BatchWriteItem) and park them (UpdateItem): the publisher's and sweeper's access. */
  public grantMarkRows(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem'],
      resourceArns: [this.table.tableArn, `${this.table.tableArn}/index/${PENDING_INDEX_NAME}`],
    });
  }

  /** Events the sweeper published (the stream publisher had not): `EventsProcessed` of consumer `outbox-sweeper`, Sum. */
  public metricSweptEvents(options?: MetricOptions): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: MetricName.EventsProcessed,
      dimensionsMap: { consumer: 'outbox-sweeper', service: 'outbox-sweeper' },
      statistic: 'Sum',
      period: Duration.minutes(5),
      ...options,
    });
  }

  /** Rows parked as malformed, by the publisher and the sweeper: `EventsParked`, Sum. */
  public metricParkedRows(options?: Pick<MetricOptions, 'period' | 'label'>): IMetric {
    return new MathExpression({
      expression: 'FILL(publisher, 0) + FILL(sweeper, 0)',
      usingMetrics: {
        publisher: parkedBy('outbox-publisher'),
        sweeper: parkedBy('outbox-sweeper'),
      },
      period: Duration.minutes(5),
      label: 'Outbox rows parked',
      ...options,
    });
  }

  /** Milliseconds between a record entering the stream and the publisher reading it. */
  public metricIteratorAge(options?: MetricOptions): Metric {
    return this.publisher.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1), ...options });
  }
}
