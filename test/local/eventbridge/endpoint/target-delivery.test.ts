import { createHash } from 'node:crypto';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSqs, type LocalSqs } from '../../../../local/sqs';
import type { RuleDefinition, TargetDefinition } from '../../../../local/eventbridge/endpoint/bus-model';
import { TargetDelivery, type DeliveredEvent, type DeliveryFailure } from '../../../../local/eventbridge/endpoint/target-delivery';

let sqs: LocalSqs;
let client: SQSClient;
let failNextSends = 0;

const event = (id: string): DeliveredEvent => ({
  version: '0',
  id,
  'detail-type': 'OrderPlaced',
  source: 'orders-service',
  account: '000000000000',
  time: '2026-11-23T10:30:42Z',
  region: 'us-east-1',
  resources: [],
  detail: { metadata: { eventId: `evt-${id}` }, data: { orderId: 'ord_1' } },
});

function target(queue: string, overrides: Partial<TargetDefinition> = {}): TargetDefinition {
  return {
    id: 'Target0',
    arn: sqs.queueArn(queue),
    messageGroupId: 'inventory',
    retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 },
    deadLetterArn: sqs.queueArn('target-dlq'),
    raw: {},
    ...overrides,
  };
}

function rule(targets: TargetDefinition[]): RuleDefinition {
  return {
    name: 'inventory-rule',
    arn: 'arn:aws:events:us-east-1:000000000000:rule/orders-bus/inventory-rule',
    busName: 'orders-bus',
    eventPattern: { source: ['orders-service'] },
    enabled: true,
    targets,
    origin: 'InventoryConsumerStack/Rule',
  };
}

async function receiveAll(queue: string) {
  const out = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: sqs.queueUrl(queue),
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return out.Messages ?? [];
}

function delivery(dropped: DeliveryFailure[] = []) {
  return new TargetDelivery({ sqs: client, render: (_target, e) => JSON.stringify(e), onDropped: (f) => dropped.push(f), backoffScale: 0.01 });
}

beforeAll(async () => {
  sqs = await startSqs();
  client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  // A transport failure for sends to the "flaky" queue, the way a network error reaches the SDK.
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { QueueUrl?: string; MessageBody?: string };
      if (failNextSends > 0 && input.QueueUrl?.endsWith('/flaky.fifo') && input.MessageBody !== undefined) {
        failNextSends -= 1;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1'), { name: 'TimeoutError' });
      }
      return next(args);
    },
    { step: 'initialize', name: 'injectTransportFailures' },
  );
  for (const name of ['buffer.fifo', 'dedup.fifo', 'flaky.fifo']) {
    await client.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }));
  }
  await client.send(new CreateQueueCommand({ QueueName: 'target-dlq' }));
});

afterAll(async () => {
  client.destroy();
  await sqs.stop();
});

describe('EventBridge target delivery to SQS', () => {
  test('sends the event to a FIFO target with the static MessageGroupId and no MessageDeduplicationId (content-based dedup applies)', async () => {
    const d = delivery();
    d.dispatch(rule([target('buffer.fifo')]), event('a'));
    await d.drain();
    const [message] = await receiveAll('buffer.fifo');
    expect(JSON.parse(message.Body!)).toEqual(event('a'));
    expect(message.Attributes?.MessageGroupId).toBe('inventory');
    expect(message.Attributes?.MessageDeduplicationId).toBe(createHash('sha256').update(message.Body!).digest('hex'));
  });

  test('the same event delivered twice within the dedup window lands once', async () => {
    const d = delivery();
    d.dispatch(rule([target('dedup.fifo')]), event('b'));
    d.dispatch(rule([target('dedup.fifo')]), event('b'));
    await d.drain();
    expect(await receiveAll('dedup.fifo')).toHaveLength(1);
  });

  test('retries a transport failure and then delivers', async () => {
    failNextSends = 2;
    const d = delivery();
    d.dispatch(rule([target('flaky.fifo')]), event('c'));
    await d.drain();
    expect(await receiveAll('flaky.fifo')).toHaveLength(1);
    expect(failNextSends).toBe(0);
  });

  test('after MaximumRetryAttempts the event goes to the target DLQ with the error attributes', async () => {
    failNextSends = 3;
    const d = delivery();
    const r = rule([target('flaky.fifo', { retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60 } })]);
    d.dispatch(r, event('d'));
    await d.drain();
    const [message] = await receiveAll('target-dlq');
    expect(JSON.parse(message.Body!)).toEqual(event('d'));
    const attribute = (name: string) => message.MessageAttributes?.[name]?.StringValue;
    expect(attribute('RULE_ARN')).toBe(r.arn);
    expect(attribute('TARGET_ARN')).toBe(sqs.queueArn('flaky.fifo'));
    expect(attribute('ERROR_CODE')).toBe('TimeoutError');
    expect(attribute('ERROR_MESSAGE')).toContain('ECONNREFUSED');
    expect(attribute('RETRY_ATTEMPTS')).toBe('2');
    expect(attribute('EXHAUSTED_RETRY_CONDITION')).toBe('MaximumRetryAttemptsExhausted');
  });

  test('a target queue that does not exist goes to the DLQ without retries', async () => {
    const d = delivery();
    d.dispatch(rule([target('missing.fifo')]), event('e'));
    await d.drain();
    const [message] = await receiveAll('target-dlq');
    expect(message.MessageAttributes?.ERROR_CODE?.StringValue).toMatch(/QueueDoesNotExist|NonExistentQueue/);
    expect(message.MessageAttributes?.RETRY_ATTEMPTS?.StringValue).toBe('0');
  });

  test('without a DLQ a failed event is reported as dropped, never silently lost', async () => {
    const dropped: DeliveryFailure[] = [];
    const d = delivery(dropped);
    d.dispatch(rule([target('missing.fifo', { deadLetterArn: undefined })]), event('f'));
    await d.drain();
    expect(dropped).toHaveLength(1);
    expect(dropped[0].event.id).toBe('f');
  });
});

describe('EventBridge target delivery order', () => {
  test('a target receives events in the order they were accepted', async () => {
    await client.send(new CreateQueueCommand({ QueueName: 'ordered.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }));
    const d = delivery();
    const ids = Array.from({ length: 30 }, (_, i) => `o${i}`);
    for (const id of ids) d.dispatch(rule([target('ordered.fifo')]), event(id));
    await d.drain();
    const seen: string[] = [];
    while (seen.length < ids.length) {
      const batch = await receiveAll('ordered.fifo');
      for (const message of batch) {
        seen.push((JSON.parse(message.Body!) as DeliveredEvent).id);
        await client.send(new DeleteMessageCommand({ QueueUrl: sqs.queueUrl('ordered.fifo'), ReceiptHandle: message.ReceiptHandle! }));
      }
    }
    expect(seen).toEqual(ids);
  });
});
