import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { StreamViewType, type Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge';
import { METRICS_NAMESPACE } from './fifo-consumer';
import { functionEntry } from './project-paths';
import { grantPublishTo } from './router-bus';
import { RouterFunction } from './router-function';

/**
 * Concurrency reserved for the outbox publisher. Its stream mapping runs one batch per shard
 * at a time (parallelization factor 1), so 5 covers a table of up to 5 stream shards.
 */
export const OUTBOX_PUBLISHER_RESERVED_CONCURRENCY = 5;
import { DLQ_RETENTION, secureQueue } from './secure-queue';
import { secureTable } from './secure-table';
import { integerIn } from './validate';

/** Props of {@link Outbox}. */
export interface OutboxProps {
  /** The bus the publisher puts events on; it may publish to this bus only. */
  readonly bus: IEventBus;
  /** Event sources the publisher may put on the bus (the grant's `events:source` condition). */
  readonly sources: string[];
  /**
   * Entry of the publisher function.
   * @default functions/outbox-publisher/index.ts
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
   * Retries of a failing batch before its records go to the on-failure queue (0-10000).
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
 * transaction as its own data (`pk` = entity key, `sk` = eventId), and a publisher on
 * the table's stream that puts newly inserted events on the bus, retrying failed
 * records, bisecting failing batches and parking what still fails in a queue.
 */
export class Outbox extends Construct {
  /** The outbox table (stream NEW_IMAGE, TTL `expiresAt`). */
  public readonly table: Table;
  /** The stream publisher function. */
  public readonly publisher: RouterFunction;
  /** Where stream records the publisher gave up on are recorded. */
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

    this.table = secureTable(this, 'Table', {
      withSortKey: true,
      timeToLiveAttribute: 'expiresAt',
      stream: StreamViewType.NEW_IMAGE,
      removalPolicy: props.removalPolicy,
    });
    this.failureQueue = secureQueue(this, 'FailureQueue', { fifo: false, retentionPeriod: DLQ_RETENTION });

    this.publisher = new RouterFunction(this, 'Publisher', {
      entry: props.publisherEntry ?? functionEntry('outbox-publisher'),
      description: 'event-router: publishes outbox inserts to the bus',
      timeout: Duration.seconds(60),
      reservedConcurrency: props.reservedConcurrency ?? OUTBOX_PUBLISHER_RESERVED_CONCURRENCY,
      environment: {
        EVENT_BUS_NAME: props.bus.eventBusName,
        POWERTOOLS_SERVICE_NAME: 'outbox-publisher',
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      },
    });
    grantPublishTo(props.bus, this.publisher, props.sources, this.node.path);
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

    acknowledge(this.failureQueue, 'AwsSolutions-SQS3', "It is the stream event source mapping's on-failure destination, a dead-letter queue.");
    acknowledge(this.failureQueue, 'Serverless-SQSRedrivePolicy', 'This queue is itself a dead-letter queue.');
    acknowledge(
      this.publisher,
      'Serverless-LambdaDLQ',
      'Invoked synchronously by its stream event source mapping, whose on-failure destination is the failure queue.',
    );

    this.alarms.push(
      new Alarm(this, 'IteratorAgeAlarm', {
        alarmDescription: `event-router outbox: events wait longer than ${iteratorAgeObjective.toSeconds()}s to be published.`,
        metric: this.metricIteratorAge(),
        threshold: iteratorAgeObjective.toMilliseconds(),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'ErrorsAlarm', {
        alarmDescription: 'event-router outbox: the publisher function failed invocations.',
        metric: this.publisher.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'FailureQueueAlarm', {
        alarmDescription: 'event-router outbox: stream records were given up on; their events are NOT published. ' +
          'Read the failure queue, fix the cause, re-publish.',
        metric: this.failureQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** Lets a producer write outbox rows (single puts and transactions), nothing more. */
  public grantWrite(grantee: IGrantable): Grant {
    return this.table.grant(grantee, 'dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem');
  }

  /** Milliseconds between a record entering the stream and the publisher reading it. */
  public metricIteratorAge(options?: MetricOptions): Metric {
    return this.publisher.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1), ...options });
  }
}
