/** A message attribute as the JSON protocol carries it (binary values base64-encoded). */
export interface MessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

/** `RedrivePolicy`: where a message goes after `maxReceiveCount` receives. */
export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

/** A queue's settings, parsed and validated from its string attributes. */
export interface QueueConfig {
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  readonly deduplicationScope: 'queue' | 'messageGroup';
  readonly fifoThroughputLimit: 'perQueue' | 'perMessageGroupId';
  /** Seconds. */
  readonly visibilityTimeout: number;
  /** Seconds. */
  readonly messageRetentionPeriod: number;
  /** Seconds. */
  readonly delaySeconds: number;
  /** Seconds. */
  readonly receiveMessageWaitTimeSeconds: number;
  /** Bytes. */
  readonly maximumMessageSize: number;
  readonly redrivePolicy?: RedrivePolicy;
  /** Attributes stored and echoed back but without behaviour here (KMS, policies, SSE). */
  readonly passthrough: Readonly<Record<string, string>>;
}

/** One message as the queue stores it. Mutable: receives and visibility changes update it in place. */
export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly messageAttributes: Readonly<Record<string, MessageAttributeValue>>;
  readonly md5OfMessageAttributes?: string;
  /** `AWSTraceHeader`, the only system attribute SQS accepts on send. */
  readonly awsTraceHeader?: string;
  readonly senderId: string;
  /** `SentTimestamp` (ms), unchanged by a move to a dead-letter queue. */
  readonly sentTimestamp: number;
  /** Start of the retention period (ms): kept on a standard DLQ move, reset on a FIFO one, as AWS does. */
  readonly retainedFrom: number;
  /** When the message entered this queue (ms): the age the live view reports. */
  readonly arrivedAt: number;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
  readonly sequenceNumber?: string;
  /** ARN of the queue the message was moved from, on a dead-letter queue. */
  readonly deadLetterQueueSourceArn?: string;
  /** The message is invisible until this time (ms): delay before the first receive, visibility timeout after. */
  visibleAt: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  /** When the latest receive happened (ms): visibility can be extended to 12 hours from then, no further. */
  lastReceivedAt?: number;
  /** Handle of the latest receive; undefined until first received. */
  receiptHandle?: string;
}

/** What the live view shows for one queue. */
export interface QueueStats {
  /** Messages a receive could return now. */
  readonly visible: number;
  /** Received, not yet deleted, visibility timeout running. */
  readonly inFlight: number;
  /** Sent with a delay that has not passed yet. */
  readonly delayed: number;
  /** visible + inFlight + delayed. */
  readonly messages: number;
  /** Age in seconds of the oldest message in the queue (since it entered this queue); 0 when empty. */
  readonly oldestAgeSeconds: number;
}

/** A message as the in-process `peek` shows it: read without receiving, so nothing about it changes. */
export interface PeekedMessage {
  readonly messageId: string;
  readonly body: string;
  readonly messageAttributes: Readonly<Record<string, MessageAttributeValue>>;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
  readonly sequenceNumber?: string;
  readonly receiveCount: number;
  readonly sentTimestamp: number;
  /** Set on a dead-letter queue: the queue the message was moved from. */
  readonly deadLetterQueueSourceArn?: string;
  readonly state: 'visible' | 'inFlight' | 'delayed';
}
