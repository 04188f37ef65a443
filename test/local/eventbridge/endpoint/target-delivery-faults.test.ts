/**
 * Target delivery under `--faults`: reordered, duplicated and throttled deliveries against the local
 * SQS endpoint, and what EventBridge does about each (nothing lost, retries, the target DLQ).
 */
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { startSqs, type LocalSqs } from '../../../../local/sqs';
import { FaultInjector, type FaultSpec } from '../../../../local/faults';
import type { RuleDefinition, TargetDefinition } from '../../../../local/eventbridge/endpoint/bus-model';
import { TargetDelivery, type DeliveredEvent, type DeliveryFailure } from '../../../../local/eventbridge/endpoint/target-delivery';

let sqs: LocalSqs;
let client: SQSClient;
let queues = 0;

const event = (id: string): DeliveredEvent => ({
  version: '0',
  id,
  'detail-type': 'OrderPlaced',
  source: 'orders-service',
  account: '000000000000',
  time: '2026-11-23T10:30:42Z',
  region: 'us-east-1',
  resources: [],
  detail: { metadata: { eventId: `evt-${id}` }, data: { orderId: id } },
});

/** A fresh queue per test, so counts are this test's alone. */
async function queue(fifo: boolean, attributes: Record<string, string> = {}): Promise<string> {
  queues += 1;
  const name = `q${queues}${fifo ? '.fifo' : ''}`;
  await client.send(
    new CreateQueueCommand({ QueueName: name, Attributes: fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'true', ...attributes } : attributes }),
  );
  return name;
}

function rule(target: TargetDefinition): RuleDefinition {
  return { name: 'r', arn: 'arn:aws:events:us-east-1:000000000000:rule/bus/r', busName: 'bus', eventPattern: {}, enabled: true, targets: [target], origin: 'S/Rule' };
}

function target(queueName: string, overrides: Partial<TargetDefinition> = {}): TargetDefinition {
  return {
    id: 'T',
    arn: sqs.queueArn(queueName),
    messageGroupId: queueName.endsWith('.fifo') ? 'g' : undefined,
    retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 },
    raw: {},
    ...overrides,
  };
}

function delivery(spec: FaultSpec, dropped: DeliveryFailure[] = []) {
  const faults = new FaultInjector(spec);
  const d = new TargetDelivery({ sqs: client, render: (_t, e) => JSON.stringify(e), onDropped: (f) => dropped.push(f), backoffScale: 0.01, faults });
  return { d, faults };
}

/** Every message in the queue, in receive order (deleted as read). */
async function drainQueue(queueName: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const out = await client.send(
      new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl(queueName), MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 0 }),
    );
    const batch = out.Messages ?? [];
    if (batch.length === 0) return all;
    all.push(...batch);
    await client.send(
      new DeleteMessageBatchCommand({ QueueUrl: sqs.queueUrl(queueName), Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
    );
  }
}

const idsOf = (messages: Message[]) => messages.map((m) => (JSON.parse(m.Body!) as DeliveredEvent).id);
const ids = (n: number) => Array.from({ length: n }, (_, i) => `e${String(i).padStart(3, '0')}`);

beforeAll(async () => {
  sqs = await startSqs();
  client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
});

afterAll(async () => {
  client.destroy();
  await sqs.stop();
});

describe('reorder', () => {
  test('a seeded fraction of deliveries is held back and overtaken by later events; every event still arrives once', async () => {
    const name = await queue(true);
    const { d, faults } = delivery({ seed: 7, reorder: 0.3, reorderDelayMs: 200 });
    const sent = ids(200);
    for (const id of sent) d.dispatch(rule(target(name)), event(id));
    await d.drain();
    const received = idsOf(await drainQueue(name));
    const reordered = faults.counts().reorder!;
    expect(reordered / sent.length).toBeGreaterThan(0.2);
    expect(reordered / sent.length).toBeLessThan(0.4);
    expect([...received].sort()).toEqual(sent);
    // A held event arrives after events accepted later than it (ids sort in acceptance order).
    const overtaken = received.filter((id, i) => received.slice(0, i).some((before) => before > id));
    expect(overtaken.length).toBeGreaterThanOrEqual(reordered * 0.5);
  });
});

describe('duplicate', () => {
  test('a seeded fraction of deliveries happens twice: a standard queue gets both copies', async () => {
    const name = await queue(false);
    const { d, faults } = delivery({ seed: 3, duplicate: 0.2 });
    const sent = ids(200);
    for (const id of sent) d.dispatch(rule(target(name)), event(id));
    await d.drain();
    const received = idsOf(await drainQueue(name));
    const duplicated = faults.counts().duplicate!;
    expect(duplicated / sent.length).toBeGreaterThan(0.12);
    expect(duplicated / sent.length).toBeLessThan(0.28);
    expect(received).toHaveLength(sent.length + duplicated);
    expect(new Set(received)).toEqual(new Set(sent));
  });

  test('a FIFO target with content-based deduplication keeps one copy within the dedup window, as SQS does in AWS', async () => {
    const name = await queue(true);
    const { d, faults } = delivery({ seed: 3, duplicate: 1 });
    for (const id of ids(20)) d.dispatch(rule(target(name)), event(id));
    await d.drain();
    expect(faults.counts().duplicate).toBe(20);
    expect(idsOf(await drainQueue(name))).toEqual(ids(20));
  });
});

describe('throttle', () => {
  test('throttled sends are retried under the RetryPolicy until they succeed: nothing lost, nothing dead-lettered', async () => {
    const name = await queue(false);
    const dlq = await queue(false);
    const { d, faults } = delivery({ seed: 5, throttle: 0.3 });
    const sent = ids(100);
    for (const id of sent) d.dispatch(rule(target(name, { deadLetterArn: sqs.queueArn(dlq) })), event(id));
    await d.drain();
    // Each attempt is throttled with probability 0.3, retries included: more throttles than throttled events.
    expect(faults.counts().throttle!).toBeGreaterThan(15);
    expect(idsOf(await drainQueue(name)).sort()).toEqual(sent);
    expect(await drainQueue(dlq)).toEqual([]);
  });

  test('at the end of MaximumRetryAttempts a throttled event goes to the target DLQ with EventBridge attributes', async () => {
    const name = await queue(true);
    const dlq = await queue(false);
    const { d, faults } = delivery({ seed: 5, throttle: 1 });
    const t = target(name, { deadLetterArn: sqs.queueArn(dlq), retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60 } });
    for (const id of ids(3)) d.dispatch(rule(t), event(id));
    await d.drain();
    // One first attempt and two retries per event, all throttled.
    expect(faults.counts().throttle).toBe(9);
    expect(await drainQueue(name)).toEqual([]);
    const dead = await drainQueue(dlq);
    expect(idsOf(dead).sort()).toEqual(ids(3));
    for (const message of dead) {
      const attribute = (key: string) => message.MessageAttributes?.[key]?.StringValue;
      expect(attribute('ERROR_CODE')).toBe('ThrottlingException');
      expect(attribute('RETRY_ATTEMPTS')).toBe('2');
      expect(attribute('EXHAUSTED_RETRY_CONDITION')).toBe('MaximumRetryAttemptsExhausted');
    }
  });

  test('a MaximumEventAgeInSeconds that has passed ends the retries with MaximumEventAgeExhausted', async () => {
    const name = await queue(false);
    const dlq = await queue(false);
    const { d } = delivery({ seed: 5, throttle: 1 });
    // Age 0 s: the first retry already finds the event too old.
    d.dispatch(rule(target(name, { deadLetterArn: sqs.queueArn(dlq), retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 0 } })), event('old'));
    await d.drain();
    const [message] = await drainQueue(dlq);
    expect(message.MessageAttributes?.EXHAUSTED_RETRY_CONDITION?.StringValue).toBe('MaximumEventAgeExhausted');
  });
});

describe('an event no queue takes', () => {
  test('a target and a DLQ that both refuse the event report it dropped, with both reasons', async () => {
    const name = await queue(true, { MaximumMessageSize: '1024' });
    const dlq = await queue(false, { MaximumMessageSize: '1024' });
    const dropped: DeliveryFailure[] = [];
    const { d } = delivery({ seed: 1 }, dropped);
    const big = { ...event('big'), detail: { data: { blob: 'x'.repeat(4096) } } };
    d.dispatch(rule(target(name, { deadLetterArn: sqs.queueArn(dlq) })), big);
    await d.drain();
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.errorMessage).toContain(`the DLQ ${sqs.queueArn(dlq)} refused it`);
  });
});
