import { ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { bodies, createFifoQueue, createStandardQueue, receive, type SqsHarness, startHarness } from './sqs-harness';

let harness: SqsHarness;
let client: SQSClient;
beforeAll(async () => {
  harness = await startHarness();
  client = harness.client;
});
afterAll(() => harness.stop());

describe('long polling', () => {
  test('a waiting ReceiveMessage returns as soon as a message is sent', async () => {
    const queueUrl = await createStandardQueue(client);
    const polling = receive(client, queueUrl, { WaitTimeSeconds: 20 });
    await new Promise((resolve) => setTimeout(resolve, 50));

    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'wake up' }));

    expect(bodies(await polling)).toEqual(['wake up']);
  });

  test('a waiting ReceiveMessage returns when an in-flight message becomes visible again', async () => {
    const queueUrl = await createFifoQueue(client, { VisibilityTimeout: '60' });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'retry me', MessageGroupId: 'A' }));
    await receive(client, queueUrl);
    const polling = receive(client, queueUrl, { WaitTimeSeconds: 20 });
    await new Promise((resolve) => setTimeout(resolve, 50));

    harness.clock.advance(60_000);

    const messages = await polling;
    expect(bodies(messages)).toEqual(['retry me']);
    expect(messages[0].Attributes?.ApproximateReceiveCount).toBe('2');
  });

  test('the queue attribute ReceiveMessageWaitTimeSeconds makes every receive a long poll', async () => {
    const queueUrl = await createStandardQueue(client, { ReceiveMessageWaitTimeSeconds: '20' });
    const polling = client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    await new Promise((resolve) => setTimeout(resolve, 50));

    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'late' }));

    expect(bodies((await polling).Messages ?? [])).toEqual(['late']);
  });

  test('a long poll the client aborts receives nothing on its behalf', async () => {
    const queueUrl = await createFifoQueue(client);
    const abort = new AbortController();
    const abandoned = client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }), { abortSignal: abort.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    abort.abort();
    await expect(abandoned).rejects.toThrow();
    // Let the endpoint see the closed connection.
    await new Promise((resolve) => setTimeout(resolve, 100));

    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'for the next poller', MessageGroupId: 'A' }));

    expect(bodies(await receive(client, queueUrl))).toEqual(['for the next poller']);
  });

  test('a long poll on an empty queue ends with no messages when the wait time is up', async () => {
    const queueUrl = await createStandardQueue(client);

    expect(await receive(client, queueUrl, { WaitTimeSeconds: 1 })).toEqual([]);
  });
});
