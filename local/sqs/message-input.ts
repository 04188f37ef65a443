import { md5OfText } from './checksums';
import { invalidMessageContents, invalidParameterValue, missingParameter } from './errors';
import type { MessageAttributeValue, QueueConfig } from './model';

/** One message to send, as SendMessage or a SendMessageBatch entry carries it. */
export interface SendInput {
  readonly MessageBody?: unknown;
  readonly DelaySeconds?: unknown;
  readonly MessageAttributes?: unknown;
  readonly MessageSystemAttributes?: unknown;
  readonly MessageGroupId?: unknown;
  readonly MessageDeduplicationId?: unknown;
}

/** A send request checked against the queue's type and limits. */
export interface ValidSend {
  /** The body as stored: characters SQS does not allow replaced by U+FFFD. */
  readonly body: string;
  /** MD5 of the body as sent, which the SDK checks the SendMessage answer against. */
  readonly md5OfSentBody: string;
  readonly delaySeconds?: number;
  readonly messageAttributes: Record<string, MessageAttributeValue>;
  readonly awsTraceHeader?: string;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
  /** Bytes counted against MaximumMessageSize: body plus attribute names, types and values. */
  readonly size: number;
}

// Characters SQS accepts in a body; others are replaced by U+FFFD, as AWS does.
const INVALID_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** Group ids, deduplication ids and receive attempt ids: 1-128 alphanumerics and punctuation. */
export const ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;
const ATTRIBUTE_NAME = /^(?!aws\.|amazon\.)(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/i;

function sanitizeBody(body: string): string {
  if (body.replace(INVALID_CHARACTERS, '') === '') throw invalidMessageContents('the message body');
  return body.replace(INVALID_CHARACTERS, '\uFFFD');
}

function parseId(name: 'MessageGroupId' | 'MessageDeduplicationId', value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !ID.test(value)) {
    throw invalidParameterValue(
      `Value ${JSON.stringify(value)} for parameter ${name} is invalid. Reason: must be 1 to 128 alphanumeric or punctuation characters.`,
    );
  }
  return value;
}

function parseAttributes(raw: unknown): { attributes: Record<string, MessageAttributeValue>; size: number } {
  if (raw === undefined || raw === null) return { attributes: {}, size: 0 };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidParameterValue('MessageAttributes must be a map of name to {DataType, StringValue | BinaryValue}.');
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > 10) throw invalidParameterValue(`Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`);
  const attributes: Record<string, MessageAttributeValue> = {};
  let size = 0;
  for (const [name, value] of entries) {
    if (!ATTRIBUTE_NAME.test(name)) {
      throw invalidParameterValue(`Message attribute name '${name}' is invalid: use 1-256 of A-Z a-z 0-9 _ - . (no leading, trailing or double period, no aws. or amazon. prefix).`);
    }
    const attribute = value as Record<string, unknown>;
    const dataType = attribute?.DataType;
    if (typeof dataType !== 'string' || !/^(String|Number|Binary)(\..+)?$/.test(dataType)) {
      throw invalidParameterValue(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    }
    if (dataType.startsWith('Binary')) {
      if (typeof attribute.BinaryValue !== 'string' || attribute.BinaryValue === '') {
        throw invalidParameterValue(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
      }
      attributes[name] = { DataType: dataType, BinaryValue: attribute.BinaryValue };
      size += Buffer.from(attribute.BinaryValue, 'base64').length;
    } else {
      if (typeof attribute.StringValue !== 'string' || attribute.StringValue === '') {
        throw invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
      }
      if (dataType.startsWith('Number') && !Number.isFinite(Number(attribute.StringValue))) {
        throw invalidParameterValue(`Can't cast the value of message (user) attribute '${name}' to a number.`);
      }
      attributes[name] = { DataType: dataType, StringValue: attribute.StringValue };
      size += Buffer.byteLength(attribute.StringValue, 'utf8');
    }
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(dataType, 'utf8');
  }
  return { attributes, size };
}

function parseTraceHeader(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const entries = Object.entries(raw as Record<string, unknown>);
  for (const [name] of entries) {
    if (name !== 'AWSTraceHeader') throw invalidParameterValue(`Message system attribute name '${name}' is invalid; the only one SQS accepts is AWSTraceHeader.`);
  }
  const header = (raw as Record<string, { StringValue?: unknown }>).AWSTraceHeader?.StringValue;
  return typeof header === 'string' ? header : undefined;
}

/** Validates a send against the queue's type and limits, with the errors AWS returns. */
export function validateSend(input: SendInput, config: QueueConfig, queueName: string): ValidSend {
  if (typeof input.MessageBody !== 'string' || input.MessageBody === '') throw missingParameter('MessageBody');
  const body = sanitizeBody(input.MessageBody);
  const { attributes, size: attributesSize } = parseAttributes(input.MessageAttributes);
  const size = Buffer.byteLength(input.MessageBody, 'utf8') + attributesSize;
  if (size > config.maximumMessageSize) {
    throw invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${config.maximumMessageSize} bytes (this one is ${size} bytes, body plus attributes; queue ${queueName}).`,
    );
  }
  let delaySeconds: number | undefined;
  if (input.DelaySeconds !== undefined && input.DelaySeconds !== null) {
    const delay = Number(input.DelaySeconds);
    if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
      throw invalidParameterValue(`Value ${String(input.DelaySeconds)} for parameter DelaySeconds is invalid. Reason: must be an integer from 0 to 900.`);
    }
    if (config.fifo && delay !== 0) {
      throw invalidParameterValue(
        `Value ${delay} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type. FIFO queues only take a queue-level DelaySeconds.`,
      );
    }
    delaySeconds = delay;
  }
  const messageGroupId = parseId('MessageGroupId', input.MessageGroupId);
  const messageDeduplicationId = parseId('MessageDeduplicationId', input.MessageDeduplicationId);
  if (config.fifo) {
    if (messageGroupId === undefined) throw missingParameter('MessageGroupId', `Every message sent to the FIFO queue ${queueName} needs one.`);
    if (messageDeduplicationId === undefined && !config.contentBasedDeduplication) {
      throw invalidParameterValue(
        `The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly (queue ${queueName}).`,
      );
    }
  } else if (messageDeduplicationId !== undefined) {
    throw invalidParameterValue(
      `The request include parameter MessageDeduplicationId that is not valid for this queue type: ${queueName} is a standard queue; deduplication ids apply to FIFO queues only.`,
    );
  }
  return {
    body,
    md5OfSentBody: md5OfText(input.MessageBody),
    delaySeconds,
    messageAttributes: attributes,
    awsTraceHeader: parseTraceHeader(input.MessageSystemAttributes),
    messageGroupId,
    messageDeduplicationId,
    size,
  };
}
