import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Message } from '@aws-sdk/client-sqs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSRecord } from 'aws-lambda';
import { createEvent } from '../../../runtime/envelope/index';
import { fifoConsumer } from '../../../runtime/fifo/index';
import type { EventHandler, FifoConsumerOptions } from '../../../runtime/fifo/index';
import { CursorStore } from '../../../runtime/sequencing/index';
import type { SequencingSettings } from '../../../runtime/sequencing/index';
import type { LocalSqs } from '../../../local/sqs/index';
import { lambdaContext, sqsEvent, sqsRecord } from './sqs-records';
import { recordingTelemetry } from './telemetry';

let counter = 0;

/** An EventBridge event of `entity` (data.orderId) carrying `sequence` in its envelope. */
export function sequencedEvent(entity: string, sequence: number, data: Record<string, unknown> = {}): Record<string, unknown> {
  const event = createEvent({ source: 'orders-service', detailType: 'OrderUpdated', eventType: 'order.updated', data: { orderId: entity, ...data }, sequence });
  counter += 1;
  return {
    version: '0',
    id: `eb-${counter}`,
    'detail-type': event.detailType,
    source: event.source,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: event.detail,
  };
}

/** An SQS record of the body in its entity's message group. */
export function recordOf(body: Record<string, unknown>): SQSRecord {
  const entity = ((body['detail'] as { data: { orderId: string } }).data).orderId;
  return sqsRecord(body, entity);
}

/** An SQS message received from a local queue, as the event source mapping hands it to Lambda. */
export function toRecord(message: Message): SQSRecord {
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body!,
    attributes: {
      ApproximateReceiveCount: message.Attributes?.['ApproximateReceiveCount'] ?? '1',
      SentTimestamp: '0',
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: '0',
      MessageGroupId: message.Attributes?.['MessageGroupId'] ?? '',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: '',
    awsRegion: 'us-east-1',
  };
}

/** One ordered consumer on its own name in a shared dedupe table, with its own local queue and DLQ. */
export interface OrderedConsumer {
  readonly consumerName: string;
  readonly telemetry: ReturnType<typeof recordingTelemetry>;
  readonly store: CursorStore;
  readonly queueUrl: string;
  readonly dlqUrl: string;
  readonly sqs: SQSClient;
  invoke(records: SQSRecord[], context?: Context): ReturnType<ReturnType<typeof fifoConsumer>>;
  /** Receives everything on a queue (deleting it) with its attributes. */
  receiveAll(queueUrl: string): Promise<Message[]>;
}

export async function orderedConsumer(
  options: {
    client: DynamoDBClient;
    sqs: LocalSqs;
    tableName: string;
    handler: EventHandler;
    sequencing?: Partial<SequencingSettings>;
    now?: () => number;
  } & Partial<Pick<FifoConsumerOptions, 'maxAttempts' | 'safetyMarginMs' | 'parse'>>,
): Promise<OrderedConsumer> {
  counter += 1;
  const consumerName = `ordered-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const sqs = new SQSClient({ endpoint: options.sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${consumerName}.fifo`, Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
  const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${consumerName}-dlq.fifo`, Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
  const telemetry = recordingTelemetry(consumerName);
  const consumer = fifoConsumer({
    handler: options.handler,
    consumerName,
    dedupe: { client: options.client, tableName: options.tableName },
    telemetry,
    sequencing: { ordered: true, ...options.sequencing },
    deadLetterQueueUrl: dlqUrl,
    sqs,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.safetyMarginMs === undefined ? {} : { safetyMarginMs: options.safetyMarginMs }),
    ...(options.parse === undefined ? {} : { parse: options.parse }),
  });
  const store = new CursorStore({ client: options.client, tableName: options.tableName, consumerName, ...(options.now === undefined ? {} : { now: options.now }) });
  return {
    consumerName,
    telemetry,
    store,
    queueUrl,
    dlqUrl,
    sqs,
    invoke: (records, context = lambdaContext()) => consumer(sqsEvent(records), context),
    async receiveAll(url) {
      const all: Message[] = [];
      for (;;) {
        const response = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
        );
        const messages = response.Messages ?? [];
        if (messages.length === 0) return all;
        for (const message of messages) {
          all.push(message);
          await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle! }));
        }
      }
    },
  };
}
