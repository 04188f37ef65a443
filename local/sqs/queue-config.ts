import { SqsServiceError, invalidAttributeName, invalidParameterValue } from './errors';
import type { QueueConfig, RedrivePolicy } from './model';

/** SQS's defaults for a new queue. */
export const DEFAULT_CONFIG: QueueConfig = {
  fifo: false,
  contentBasedDeduplication: false,
  deduplicationScope: 'queue',
  fifoThroughputLimit: 'perQueue',
  visibilityTimeout: 30,
  messageRetentionPeriod: 345_600,
  delaySeconds: 0,
  receiveMessageWaitTimeSeconds: 0,
  maximumMessageSize: 262_144,
  passthrough: {},
};

const INTEGER_RANGES: Record<string, readonly [number, number, keyof QueueConfig]> = {
  VisibilityTimeout: [0, 43_200, 'visibilityTimeout'],
  MessageRetentionPeriod: [60, 1_209_600, 'messageRetentionPeriod'],
  DelaySeconds: [0, 900, 'delaySeconds'],
  ReceiveMessageWaitTimeSeconds: [0, 20, 'receiveMessageWaitTimeSeconds'],
  MaximumMessageSize: [1_024, 1_048_576, 'maximumMessageSize'],
};

// Accepted and echoed back; the emulator has no KMS, IAM or SSE to apply them to.
const PASSTHROUGH = new Set(['KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'SqsManagedSseEnabled', 'Policy', 'RedriveAllowPolicy']);
const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);

/** Queue attributes GetQueueAttributes can return, besides the settable ones. */
export const READ_ONLY_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
] as const;

/** Every attribute name GetQueueAttributes knows. */
export const ALL_ATTRIBUTE_NAMES = new Set<string>([
  ...Object.keys(INTEGER_RANGES),
  ...PASSTHROUGH,
  ...FIFO_ONLY,
  'FifoQueue',
  'RedrivePolicy',
  ...READ_ONLY_ATTRIBUTES,
]);

function invalidAttributeValue(name: string, value: string, rule: string): SqsServiceError {
  return new SqsServiceError('InvalidAttributeValue', `Invalid value for the parameter ${name}: ${JSON.stringify(value)}. Reason: ${rule}.`);
}

function parseBoolean(name: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidAttributeValue(name, value, 'must be "true" or "false"');
}

function parseRedrivePolicy(value: string): RedrivePolicy | undefined {
  if (value === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidParameterValue(`Value ${value} for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.`);
  }
  const policy = parsed as Record<string, unknown>;
  const arn = policy?.deadLetterTargetArn;
  const count = Number(policy?.maxReceiveCount);
  if (typeof arn !== 'string' || !arn.startsWith('arn:aws:sqs:')) {
    throw invalidParameterValue(`Value ${value} for parameter RedrivePolicy is invalid. Reason: Redrive policy needs deadLetterTargetArn, an SQS queue ARN.`);
  }
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalidParameterValue(`Value ${value} for parameter RedrivePolicy is invalid. Reason: maxReceiveCount must be an integer from 1 to 1000.`);
  }
  return { deadLetterTargetArn: arn, maxReceiveCount: count };
}

/**
 * Applies string `attributes` (CreateQueue / SetQueueAttributes) on top of `base`; throws the
 * error AWS returns for an unknown name or a value out of range. Does not check that a redrive
 * target exists: the caller, which knows the other queues, does.
 */
export function applyQueueAttributes(base: QueueConfig, attributes: Readonly<Record<string, string>>, creating: boolean): QueueConfig {
  const passthrough: Record<string, string> = { ...base.passthrough };
  const config: { -readonly [K in keyof QueueConfig]: QueueConfig[K] } = { ...base, passthrough };
  for (const [name, raw] of Object.entries(attributes)) {
    const value = String(raw);
    const range = INTEGER_RANGES[name];
    if (range !== undefined) {
      const number = Number(value);
      if (value.trim() === '' || !Number.isInteger(number) || number < range[0] || number > range[1]) {
        throw invalidAttributeValue(name, value, `must be an integer from ${range[0]} to ${range[1]}`);
      }
      (config as Record<string, unknown>)[range[2]] = number;
    } else if (PASSTHROUGH.has(name)) {
      passthrough[name] = value;
    } else if (name === 'FifoQueue') {
      const fifo = parseBoolean(name, value);
      if (!creating && fifo !== base.fifo) throw invalidAttributeName(name, 'FifoQueue is fixed when the queue is created.');
      config.fifo = fifo;
    } else if (name === 'ContentBasedDeduplication') {
      config.contentBasedDeduplication = parseBoolean(name, value);
    } else if (name === 'DeduplicationScope') {
      if (value !== 'queue' && value !== 'messageGroup') throw invalidAttributeValue(name, value, 'must be "queue" or "messageGroup"');
      config.deduplicationScope = value;
    } else if (name === 'FifoThroughputLimit') {
      if (value !== 'perQueue' && value !== 'perMessageGroupId') throw invalidAttributeValue(name, value, 'must be "perQueue" or "perMessageGroupId"');
      config.fifoThroughputLimit = value;
    } else if (name === 'RedrivePolicy') {
      config.redrivePolicy = parseRedrivePolicy(value);
    } else {
      throw invalidAttributeName(name, `Settable queue attributes: ${[...ALL_ATTRIBUTE_NAMES].filter((n) => !(READ_ONLY_ATTRIBUTES as readonly string[]).includes(n)).join(', ')}.`);
    }
  }
  if (!config.fifo) {
    for (const name of FIFO_ONLY) {
      if (name in attributes) throw invalidAttributeName(name, `${name} applies to FIFO queues only (FifoQueue=true, name ending in .fifo).`);
    }
  }
  return config;
}

/** The settable attributes of `config` as GetQueueAttributes returns them (strings). */
export function configAttributes(config: QueueConfig): Record<string, string> {
  const attributes: Record<string, string> = {
    VisibilityTimeout: String(config.visibilityTimeout),
    MessageRetentionPeriod: String(config.messageRetentionPeriod),
    DelaySeconds: String(config.delaySeconds),
    ReceiveMessageWaitTimeSeconds: String(config.receiveMessageWaitTimeSeconds),
    MaximumMessageSize: String(config.maximumMessageSize),
    SqsManagedSseEnabled: 'false',
    ...config.passthrough,
  };
  if (config.redrivePolicy !== undefined) attributes.RedrivePolicy = JSON.stringify(config.redrivePolicy);
  if (config.fifo) {
    attributes.FifoQueue = 'true';
    attributes.ContentBasedDeduplication = String(config.contentBasedDeduplication);
    attributes.DeduplicationScope = config.deduplicationScope;
    attributes.FifoThroughputLimit = config.fifoThroughputLimit;
  }
  return attributes;
}

const NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** Checks a queue name against SQS's rules, including the `.fifo` suffix iff the queue is FIFO. */
export function validateQueueName(name: string, fifo: boolean): void {
  const base = name.endsWith('.fifo') ? name.slice(0, -'.fifo'.length) : name;
  if (fifo) {
    if (!name.endsWith('.fifo') || !NAME.test(base) || name.length > 80) {
      throw invalidParameterValue(
        `Queue name ${JSON.stringify(name)} is invalid: the name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.`,
      );
    }
  } else if (!NAME.test(name)) {
    throw invalidParameterValue(
      `Queue name ${JSON.stringify(name)} is invalid: can only include alphanumeric characters, hyphens, or underscores, 1 to 80 in length.` +
        (name.endsWith('.fifo') ? ' A name ending in .fifo needs the attribute FifoQueue=true.' : ''),
    );
  }
}
