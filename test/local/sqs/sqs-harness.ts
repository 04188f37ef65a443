import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type LocalSqs, ManualClock, startSqs } from '../../../local/sqs/index';

/** A local SQS endpoint on a manual clock, and a real SDK client pointed at it. */
export interface SqsHarness {
  readonly sqs: LocalSqs;
  readonly client: SQSClient;
  readonly clock: ManualClock;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<SqsHarness> {
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 12, 0, 0));
  const sqs = await startSqs({ clock });
  const client = new SQSClient({
    endpoint: sqs.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    sqs,
    client,
    clock,
    async stop() {
      client.destroy();
      await sqs.stop();
    },
  };
}

let counter = 0;
/** A queue name no other test in the file uses. */
export function uniqueName(prefix: string, fifo: boolean): string {
  counter += 1;
  return `${prefix}-${counter}${fifo ? '.fifo' : ''}`;
}

/** Creates a FIFO queue (content-based deduplication unless `attributes` says otherwise) and returns its URL. */
export async function createFifoQueue(client: SQSClient, attributes: Record<string, string> = {}, prefix = 'orders'): Promise<string> {
  const result = await client.send(
    new CreateQueueCommand({
      QueueName: uniqueName(prefix, true),
      Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true', ...attributes },
    }),
  );
  return result.QueueUrl!;
}

/** Creates a standard queue and returns its URL. */
export async function createStandardQueue(client: SQSClient, attributes: Record<string, string> = {}, prefix = 'plain'): Promise<string> {
  const result = await client.send(new CreateQueueCommand({ QueueName: uniqueName(prefix, false), Attributes: attributes }));
  return result.QueueUrl!;
}

/** One short-poll receive with every system attribute. */
export async function receive(client: SQSClient, queueUrl: string, input: Partial<ReceiveMessageCommandInput> = {}): Promise<Message[]> {
  const result = await client.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], ...input }),
  );
  return result.Messages ?? [];
}

/** ApproximateNumberOfMessages and ApproximateNumberOfMessagesNotVisible. */
export async function counts(client: SQSClient, queueUrl: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(Attributes?.ApproximateNumberOfMessages), inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible) };
}

export const bodies = (messages: readonly Message[]): string[] => messages.map((message) => message.Body ?? '');
