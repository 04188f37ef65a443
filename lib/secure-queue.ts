import { Duration } from 'aws-cdk-lib';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption, type DeadLetterQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Props of {@link secureQueue}. */
export interface SecureQueueProps {
  /** FIFO queue (with content-based deduplication off unless asked). */
  readonly fifo: boolean;
  /** @default false */
  readonly contentBasedDeduplication?: boolean;
  /** @default Duration.days(4) (SQS default) */
  readonly retentionPeriod?: Duration;
  /** @default Duration.seconds(30) */
  readonly visibilityTimeout?: Duration;
  /** @default - none */
  readonly deadLetterQueue?: DeadLetterQueue;
  /**
   * Largest message the queue accepts, in bytes (body plus attributes), set explicitly on
   * every queue so nothing on an event's path is smaller than what the publisher lets through.
   * @default MAX_MESSAGE_BYTES (1,048,576, SQS's maximum)
   */
  readonly maximumMessageSizeBytes?: number;
  /**
   * FIFO high-throughput mode: throughput and deduplication per message group, for
   * queues with many groups (one per entity).
   * @default false
   */
  readonly highThroughput?: boolean;
}

/**
 * A queue with the project's fixed security baseline: encrypted at rest (SSE-SQS,
 * which EventBridge can deliver to without a KMS key policy) and a resource policy
 * that denies any request not made over TLS.
 */
export function secureQueue(scope: Construct, id: string, props: SecureQueueProps): Queue {
  return new Queue(scope, id, {
    fifo: props.fifo ? true : undefined,
    contentBasedDeduplication: props.contentBasedDeduplication,
    retentionPeriod: props.retentionPeriod,
    visibilityTimeout: props.visibilityTimeout,
    maxMessageSizeBytes: props.maximumMessageSizeBytes ?? MAX_MESSAGE_BYTES,
    deadLetterQueue: props.deadLetterQueue,
    fifoThroughputLimit: props.highThroughput ? FifoThroughputLimit.PER_MESSAGE_GROUP_ID : undefined,
    deduplicationScope: props.highThroughput ? DeduplicationScope.MESSAGE_GROUP : undefined,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
}

/** How long every dead-letter queue keeps a message: SQS's maximum, 14 days. */
export const DLQ_RETENTION = Duration.days(14);

/**
 * How long the buffer and consumer queues keep an unconsumed event: SQS's maximum, 14 days.
 * A stalled consumer then has two weeks (its retention alarm fires at 70 %, about 10 days)
 * before SQS deletes events nobody processed; SQS's 4-day default could lose them over a
 * long weekend. It costs nothing while the queue is drained.
 */
export const QUEUE_RETENTION = Duration.days(14);

/**
 * SQS's largest message (body plus attributes): 1 MiB. Every queue of the router sets it, since
 * PutEvents accepts 1 MiB entries and EventBridge's envelope only adds to them.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
 */
export const MAX_MESSAGE_BYTES = 1_048_576;
