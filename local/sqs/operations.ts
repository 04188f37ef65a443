import {
  SqsServiceError,
  batchEntryIdsNotDistinct,
  batchRequestTooLong,
  emptyBatchRequest,
  invalidAttributeName,
  invalidBatchEntryId,
  invalidParameterValue,
  missingParameter,
  queueDoesNotExist,
  tooManyEntriesInBatchRequest,
  unsupportedOperation,
} from './errors';
import { ID, type SendInput, validateSend } from './message-input';
import { checkWireTypes } from './wire-types';
import { parseSystemAttributeNames, renderMessage } from './message-output';
import type { Queue, SendResult } from './queue';
import { ALL_ATTRIBUTE_NAMES, configAttributes } from './queue-config';
import type { QueueRegistry } from './registry';

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

/** Per-entry failure of a batch operation, as AWS reports it (HTTP 200). */
interface BatchFailure {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

function stringMap(value: unknown, parameter: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameterValue(`${parameter} must be a map of string to string.`);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, v]) => [key, String(v)]));
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function integer(value: unknown, parameter: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw invalidParameterValue(`Value ${String(value)} for parameter ${parameter} is invalid. Reason: Must be between ${min} and ${max}, if provided.`);
  }
  return number;
}

function requiredString(input: Input, parameter: string): string {
  const value = input[parameter];
  if (typeof value !== 'string' || value === '') throw missingParameter(parameter);
  return value;
}

/** Checks the entries of a batch request: 1-10, ids well-formed and distinct. */
function batchEntries(input: Input): Input[] {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0) throw emptyBatchRequest();
  if (entries.length > 10) throw tooManyEntriesInBatchRequest(entries.length);
  const seen = new Set<string>();
  for (const entry of entries as Input[]) {
    const id = entry?.Id;
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(id)) throw invalidBatchEntryId(String(id));
    if (seen.has(id)) throw batchEntryIdsNotDistinct(id);
    seen.add(id);
  }
  return entries as Input[];
}

/** The fields of a SendMessage result (and of a successful SendMessageBatch entry). */
function sendOutput(result: SendResult): Output {
  const output: Output = { MessageId: result.messageId, MD5OfMessageBody: result.md5OfBody };
  if (result.md5OfMessageAttributes !== undefined) output.MD5OfMessageAttributes = result.md5OfMessageAttributes;
  if (result.md5OfMessageSystemAttributes !== undefined) output.MD5OfMessageSystemAttributes = result.md5OfMessageSystemAttributes;
  if (result.sequenceNumber !== undefined) output.SequenceNumber = result.sequenceNumber;
  return output;
}

function failure(id: string, error: unknown): BatchFailure {
  if (error instanceof SqsServiceError) return { Id: id, SenderFault: error.fault === 'Sender', Code: error.queryCode, Message: error.message };
  return { Id: id, SenderFault: false, Code: 'InternalError', Message: error instanceof Error ? error.message : String(error) };
}

/** The SQS API over a queue registry: each operation takes the AWS JSON input and returns the AWS JSON output. */
export class SqsOperations {
  private stopped = false;

  constructor(private readonly registry: QueueRegistry) {}

  /** Ends pending long polls (they answer with no messages) and refuses new ones. */
  stop(): void {
    this.stopped = true;
    this.registry.wakeAll();
  }

  /** Runs `operation` (the part after `AmazonSQS.` in X-Amz-Target). */
  async handle(operation: string, input: Input, cancelled?: AbortSignal): Promise<Output> {
    checkWireTypes(input);
    switch (operation) {
      case 'CreateQueue': {
        const queue = this.registry.create(requiredString(input, 'QueueName'), stringMap(input.Attributes, 'Attributes'), stringMap(input.tags, 'tags'));
        return { QueueUrl: queue.url };
      }
      case 'GetQueueUrl': {
        const name = requiredString(input, 'QueueName');
        const owner = input.QueueOwnerAWSAccountId;
        if (owner !== undefined && owner !== this.registry.options.accountId) throw queueDoesNotExist(`${String(owner)}/${name}`);
        return { QueueUrl: this.registry.byName(name).url };
      }
      case 'ListQueues':
        return this.listQueues(input);
      case 'GetQueueAttributes':
        return this.getQueueAttributes(this.queue(input), stringList(input.AttributeNames));
      case 'SetQueueAttributes':
        this.registry.setAttributes(this.queue(input), stringMap(input.Attributes, 'Attributes'));
        return {};
      case 'DeleteQueue':
        this.registry.delete(this.queue(input));
        return {};
      case 'PurgeQueue':
        this.queue(input).purge();
        return {};
      case 'SendMessage':
        return this.sendMessage(this.queue(input), input);
      case 'SendMessageBatch':
        return this.sendMessageBatch(this.queue(input), input);
      case 'ReceiveMessage':
        return this.receiveMessage(this.queue(input), input, cancelled);
      case 'DeleteMessage': {
        const queue = this.queue(input);
        queue.delete(requiredString(input, 'ReceiptHandle'));
        this.registry.wake(queue);
        return {};
      }
      case 'DeleteMessageBatch':
        return this.batch(this.queue(input), input, (queue, entry) => queue.delete(requiredString(entry, 'ReceiptHandle')));
      case 'ChangeMessageVisibility': {
        const queue = this.queue(input);
        const seconds = integer(input.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200);
        if (seconds === undefined) throw missingParameter('VisibilityTimeout');
        queue.changeVisibility(requiredString(input, 'ReceiptHandle'), seconds);
        this.registry.wake(queue);
        return {};
      }
      case 'ChangeMessageVisibilityBatch':
        return this.batch(this.queue(input), input, (queue, entry) => {
          const seconds = integer(entry.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200);
          if (seconds === undefined) throw missingParameter('VisibilityTimeout');
          queue.changeVisibility(requiredString(entry, 'ReceiptHandle'), seconds);
        });
      case 'TagQueue': {
        const queue = this.queue(input);
        Object.assign(queue.tags, stringMap(input.Tags, 'Tags'));
        return {};
      }
      case 'UntagQueue': {
        const queue = this.queue(input);
        for (const key of stringList(input.TagKeys)) delete queue.tags[key];
        return {};
      }
      case 'ListQueueTags': {
        const tags = this.queue(input).tags;
        return Object.keys(tags).length > 0 ? { Tags: { ...tags } } : {};
      }
      case 'ListDeadLetterSourceQueues': {
        const target = this.queue(input);
        const sources = this.registry.all().filter((queue) => queue.config.redrivePolicy?.deadLetterTargetArn === target.arn);
        return { queueUrls: sources.map((queue) => queue.url) };
      }
      default:
        throw unsupportedOperation(operation);
    }
  }

  private queue(input: Input): Queue {
    return this.registry.byUrl(input.QueueUrl);
  }

  private listQueues(input: Input): Output {
    const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
    const max = integer(input.MaxResults, 'MaxResults', 1, 1000);
    const matching = this.registry.all().filter((queue) => queue.name.startsWith(prefix));
    const start = typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64url').toString('utf8')) || 0 : 0;
    const page = max === undefined ? matching.slice(0, 1000) : matching.slice(start, start + max);
    const output: Output = {};
    if (page.length > 0) output.QueueUrls = page.map((queue) => queue.url);
    if (max !== undefined && start + max < matching.length) output.NextToken = Buffer.from(String(start + max), 'utf8').toString('base64url');
    return output;
  }

  private getQueueAttributes(queue: Queue, names: string[]): Output {
    for (const name of names) {
      if (name !== 'All' && !ALL_ATTRIBUTE_NAMES.has(name)) throw invalidAttributeName(name);
    }
    const stats = queue.stats();
    const all: Record<string, string> = {
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(stats.visible),
      ApproximateNumberOfMessagesNotVisible: String(stats.inFlight),
      ApproximateNumberOfMessagesDelayed: String(stats.delayed),
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
      ...configAttributes(queue.config),
    };
    const wanted = names.includes('All') ? Object.keys(all) : names;
    const attributes = Object.fromEntries(wanted.filter((name) => all[name] !== undefined).map((name) => [name, all[name]]));
    return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
  }

  private sendMessage(queue: Queue, input: Input): Output {
    const result = queue.send(validateSend(input as SendInput, queue.config, queue.name));
    if (!result.duplicate) this.registry.wake(queue);
    return { ...sendOutput(result) };
  }

  private sendMessageBatch(queue: Queue, input: Input): Output {
    const entries = batchEntries(input);
    const total = entries.reduce((sum, entry) => sum + (typeof entry.MessageBody === 'string' ? Buffer.byteLength(entry.MessageBody, 'utf8') : 0), 0);
    if (total > queue.config.maximumMessageSize) throw batchRequestTooLong(total, queue.config.maximumMessageSize);
    const successful: Output[] = [];
    const failed: BatchFailure[] = [];
    for (const entry of entries) {
      try {
        const result = queue.send(validateSend(entry as SendInput, queue.config, queue.name));
        successful.push({ Id: entry.Id, ...sendOutput(result) });
      } catch (error) {
        failed.push(failure(String(entry.Id), error));
      }
    }
    if (successful.length > 0) this.registry.wake(queue);
    return { Successful: successful, Failed: failed };
  }

  private batch(queue: Queue, input: Input, apply: (queue: Queue, entry: Input) => void): Output {
    const successful: Output[] = [];
    const failed: BatchFailure[] = [];
    for (const entry of batchEntries(input)) {
      try {
        apply(queue, entry);
        successful.push({ Id: entry.Id });
      } catch (error) {
        failed.push(failure(String(entry.Id), error));
      }
    }
    this.registry.wake(queue);
    return { Successful: successful, Failed: failed };
  }

  /** ReceiveMessage, with long polling: waits up to WaitTimeSeconds for a message, waking on any change to the queue. */
  private async receiveMessage(queue: Queue, input: Input, cancelled?: AbortSignal): Promise<Output> {
    const max = integer(input.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, 10) ?? 1;
    const visibilityTimeout = integer(input.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200);
    const waitSeconds = integer(input.WaitTimeSeconds, 'WaitTimeSeconds', 0, 20) ?? queue.config.receiveMessageWaitTimeSeconds;
    const systemNames = parseSystemAttributeNames([...stringList(input.AttributeNames), ...stringList(input.MessageSystemAttributeNames)]);
    const messageAttributeNames = stringList(input.MessageAttributeNames);
    const attemptId = input.ReceiveRequestAttemptId;
    if (attemptId !== undefined && (typeof attemptId !== 'string' || !ID.test(attemptId))) {
      throw invalidParameterValue(`Value ${JSON.stringify(attemptId)} for parameter ReceiveRequestAttemptId is invalid. Reason: must be 1 to 128 alphanumeric or punctuation characters.`);
    }
    const clock = this.registry.options.clock;
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      if (cancelled?.aborted) return {};
      const received = queue.receive(max, visibilityTimeout, (arn) => this.registry.byArn(arn), attemptId as string | undefined);
      if (received.length > 0) return { Messages: received.map((message) => renderMessage(message, systemNames, messageAttributeNames)) };
      const remaining = deadline - Date.now();
      if (remaining <= 0 || this.stopped || this.registry.find(queue.arn) !== queue) return {};
      const next = queue.nextVisibleAt();
      await this.registry.waitForChange(queue, next === undefined ? remaining : Math.min(remaining, Math.max(1, next - clock.now())), cancelled);
    }
  }
}
