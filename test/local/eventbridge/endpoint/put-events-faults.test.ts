/**
 * PutEvents under `--faults`: entries failed with AWS's retryable per-entry codes (not accepted, not
 * delivered) and an outage that refuses whole calls with ThrottlingException, which the SDK retries.
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, ReceiveMessageCommand, DeleteMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSqs, type LocalSqs } from '../../../../local/sqs';
import { FaultInjector, type FaultSpec } from '../../../../local/faults';
import { createEventBridge, type EventBridgeRuntime } from '../../../../local/eventbridge/endpoint/create-event-bridge';
import { patternEngine } from '../../../../local/eventbridge/endpoint/pattern-engine';
import { startEventBridgeEndpoint, type EventBridgeEndpoint } from '../../../../local/eventbridge/endpoint/server';

const account = { region: 'us-east-1', accountId: '000000000000' };
const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };
let sqs: LocalSqs;
let sqsClient: SQSClient;
const started: Array<{ runtime: EventBridgeRuntime; endpoint: EventBridgeEndpoint; client: EventBridgeClient }> = [];

beforeAll(async () => {
  sqs = await startSqs();
  sqsClient = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials });
  await sqsClient.send(new CreateQueueCommand({ QueueName: 'events' }));
});

afterAll(async () => {
  for (const { runtime, endpoint, client } of started) {
    client.destroy();
    await endpoint.stop();
    await runtime.delivery.stop();
  }
  sqsClient.destroy();
  await sqs.stop();
});

/** An endpoint with one bus and one rule to the `events` queue, under `spec`. */
async function bridge(spec: FaultSpec, clientOptions: { maxAttempts?: number } = {}) {
  const faults = new FaultInjector(spec);
  const runtime = createEventBridge({
    account,
    sqs: sqsClient,
    engine: patternEngine(account),
    faults,
    resources: [
      { stackName: 'RouterStack', logicalId: 'Bus', type: 'AWS::Events::EventBus', properties: { Name: 'bus' } },
      {
        stackName: 'S',
        logicalId: 'Rule',
        type: 'AWS::Events::Rule',
        properties: { EventBusName: 'bus', EventPattern: { source: ['orders-service'] }, Targets: [{ Id: 'T', Arn: sqs.queueArn('events') }] },
      },
    ],
  });
  const endpoint = await startEventBridgeEndpoint({ bridge: runtime.bridge });
  const client = new EventBridgeClient({ endpoint: endpoint.url, region: 'us-east-1', credentials, ...clientOptions });
  started.push({ runtime, endpoint, client });
  return { faults, runtime, client };
}

const entry = (n: number): PutEventsRequestEntry => ({
  EventBusName: 'bus',
  Source: 'orders-service',
  DetailType: 'OrderPlaced',
  Detail: JSON.stringify({ metadata: { eventId: `evt-${n}` }, data: { n } }),
});

async function deliveredCount(): Promise<number> {
  let count = 0;
  for (;;) {
    const out = await sqsClient.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl('events'), MaxNumberOfMessages: 10 }));
    const batch = out.Messages ?? [];
    if (batch.length === 0) return count;
    count += batch.length;
    await sqsClient.send(
      new DeleteMessageBatchCommand({ QueueUrl: sqs.queueUrl('events'), Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
    );
  }
}

describe('put-events-fail', () => {
  test('a seeded fraction of entries fails with InternalFailure or ThrottlingException, counted and never delivered', async () => {
    const { faults, runtime, client } = await bridge({ seed: 9, putEventsFail: 0.25 });
    const codes = new Map<string, number>();
    let accepted = 0;
    let failedEntryCount = 0;
    for (let call = 0; call < 40; call += 1) {
      const out = await client.send(new PutEventsCommand({ Entries: Array.from({ length: 10 }, (_, i) => entry(call * 10 + i)) }));
      failedEntryCount += out.FailedEntryCount!;
      for (const result of out.Entries!) {
        if (result.EventId !== undefined) accepted += 1;
        else codes.set(result.ErrorCode!, (codes.get(result.ErrorCode!) ?? 0) + 1);
      }
    }
    await runtime.delivery.drain();
    const failed = faults.counts()['put-events-fail']!;
    expect(failed / 400).toBeGreaterThan(0.18);
    expect(failed / 400).toBeLessThan(0.32);
    expect(failedEntryCount).toBe(failed);
    expect([...codes.keys()].sort()).toEqual(['InternalFailure', 'ThrottlingException']);
    expect(accepted + failed).toBe(400);
    // Only accepted entries reach the target.
    expect(await deliveredCount()).toBe(accepted);
  });
});

describe('put-events-outage', () => {
  test('after the configured calls every call is refused with ThrottlingException for the outage, then accepted again', async () => {
    const { faults, client } = await bridge({ seed: 1, putEventsOutage: 0.5, putEventsOutageAfter: 2 }, { maxAttempts: 1 });
    for (let i = 0; i < 2; i += 1) expect((await client.send(new PutEventsCommand({ Entries: [entry(i)] }))).FailedEntryCount).toBe(0);
    await expect(client.send(new PutEventsCommand({ Entries: [entry(2)] }))).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new PutEventsCommand({ Entries: [entry(3)] }))).rejects.toMatchObject({ name: 'ThrottlingException' });
    await new Promise((done) => setTimeout(done, 600));
    expect((await client.send(new PutEventsCommand({ Entries: [entry(4)] }))).FailedEntryCount).toBe(0);
    expect(faults.counts()['put-events-outage']).toBe(2);
    await deliveredCount();
  });

  test('the AWS SDK retries a refused call itself (3 attempts by default) before it gives up', async () => {
    const { faults, client } = await bridge({ seed: 1, putEventsOutage: 30, putEventsOutageAfter: 0 });
    await expect(client.send(new PutEventsCommand({ Entries: [entry(0)] }))).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { attempts: 3 } });
    expect(faults.counts()['put-events-outage']).toBe(3);
  }, 30_000);
});
