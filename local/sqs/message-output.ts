import { md5OfMessageAttributes } from './checksums';
import { invalidAttributeName } from './errors';
import type { MessageAttributeValue, StoredMessage } from './model';

/** A message as ReceiveMessage returns it in AWS JSON. */
export interface ApiMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
}

const SYSTEM_ATTRIBUTES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;

function systemAttribute(message: StoredMessage, name: (typeof SYSTEM_ATTRIBUTES)[number]): string | undefined {
  switch (name) {
    case 'SenderId':
      return message.senderId;
    case 'SentTimestamp':
      return String(message.sentTimestamp);
    case 'ApproximateReceiveCount':
      return String(message.receiveCount);
    case 'ApproximateFirstReceiveTimestamp':
      return message.firstReceiveTimestamp === undefined ? undefined : String(message.firstReceiveTimestamp);
    case 'SequenceNumber':
      return message.sequenceNumber;
    case 'MessageDeduplicationId':
      return message.messageDeduplicationId;
    case 'MessageGroupId':
      return message.messageGroupId;
    case 'AWSTraceHeader':
      return message.awsTraceHeader;
    case 'DeadLetterQueueSourceArn':
      return message.deadLetterQueueSourceArn;
  }
}

/** Checks the system attribute names of a ReceiveMessage (`MessageSystemAttributeNames` or the older `AttributeNames`). */
export function parseSystemAttributeNames(names: readonly string[]): ReadonlySet<string> {
  const wanted = new Set<string>();
  for (const name of names) {
    if (name === 'All') SYSTEM_ATTRIBUTES.forEach((known) => wanted.add(known));
    else if ((SYSTEM_ATTRIBUTES as readonly string[]).includes(name)) wanted.add(name);
    // Queue attribute names are accepted here by AWS and return nothing for a message.
    else if (!/^(Policy|VisibilityTimeout|MaximumMessageSize|MessageRetentionPeriod|ApproximateNumberOf\w+|CreatedTimestamp|LastModifiedTimestamp|QueueArn|DelaySeconds|ReceiveMessageWaitTimeSeconds|RedrivePolicy|FifoQueue|ContentBasedDeduplication|KmsMasterKeyId|KmsDataKeyReusePeriodSeconds|DeduplicationScope|FifoThroughputLimit|RedriveAllowPolicy|SqsManagedSseEnabled)$/.test(name)) {
      throw invalidAttributeName(name, `Message system attributes: All, ${SYSTEM_ATTRIBUTES.join(', ')}.`);
    }
  }
  return wanted;
}

function attributeSelected(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => pattern === 'All' || pattern === '.*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))));
}

/** Renders a received message with the system attributes and message attributes the request asked for. */
export function renderMessage(message: StoredMessage, systemNames: ReadonlySet<string>, messageAttributeNames: readonly string[]): ApiMessage {
  const rendered: ApiMessage = {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle ?? '',
    MD5OfBody: message.md5OfBody,
    Body: message.body,
  };
  const attributes: Record<string, string> = {};
  for (const name of systemNames) {
    const value = systemAttribute(message, name as (typeof SYSTEM_ATTRIBUTES)[number]);
    if (value !== undefined) attributes[name] = value;
  }
  if (Object.keys(attributes).length > 0) rendered.Attributes = attributes;
  const selected = Object.fromEntries(Object.entries(message.messageAttributes).filter(([name]) => attributeSelected(name, messageAttributeNames)));
  if (Object.keys(selected).length > 0) {
    rendered.MessageAttributes = selected;
    rendered.MD5OfMessageAttributes = md5OfMessageAttributes(selected);
  }
  return rendered;
}
