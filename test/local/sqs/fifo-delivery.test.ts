import { DeleteMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { bodies, counts, createFifoQueue, receive, type SqsHarness, startHarness } from './sqs-harness';

let harness: SqsHarness;
let client: SQSClient;
beforeAll(async () => {
  harness = await startHarness();
  client = harness.client;
});
afterAll(() => harness.stop());

async function send(queueUrl: string, group: string, body: string): Promise<void> {
  await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, MessageGroupId: group }));
}

describe('FIFO delivery', () => {
  test('one receive returns several messages of the same group, in send order', async () => {
    const queueUrl = await createFifoQueue(client);
    for (const body of ['a1', 'a2', 'a3', 'a4']) await send(queueUrl, 'A', body);

    const messages = await receive(client, queueUrl);

    expect(bodies(messages)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(messages.map((m) => m.Attributes?.MessageGroupId)).toEqual(['A', 'A', 'A', 'A']);
    const sequence = messages.map((m) => BigInt(m.Attributes!.SequenceNumber!));
    expect([...sequence].sort((x, y) => (x < y ? -1 : 1))).toEqual(sequence);
  });

  test('no message of a group is returned while one of its messages is in flight', async () => {
    const queueUrl = await createFifoQueue(client);
    await send(queueUrl, 'A', 'a1');
    const first = await receive(client, queueUrl, { MaxNumberOfMessages: 1 });
    await send(queueUrl, 'A', 'a2');

    expect(bodies(first)).toEqual(['a1']);
    expect(await receive(client, queueUrl)).toEqual([]);
    expect(await counts(client, queueUrl)).toEqual({ visible: 1, inFlight: 1 });
  });

  test('other groups are still delivered while one group is blocked', async () => {
    const queueUrl = await createFifoQueue(client);
    await send(queueUrl, 'A', 'a1');
    await receive(client, queueUrl);
    await send(queueUrl, 'A', 'a2');
    await send(queueUrl, 'B', 'b1');

    expect(bodies(await receive(client, queueUrl))).toEqual(['b1']);
  });

  test('deleting the in-flight message unblocks the next message of its group', async () => {
    const queueUrl = await createFifoQueue(client);
    await send(queueUrl, 'A', 'a1');
    await send(queueUrl, 'A', 'a2');
    const [first] = await receive(client, queueUrl, { MaxNumberOfMessages: 1 });
    expect(await receive(client, queueUrl)).toEqual([]);

    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first.ReceiptHandle }));

    expect(bodies(await receive(client, queueUrl))).toEqual(['a2']);
  });

  test('a receive fills up with a whole group before moving to the next group', async () => {
    const queueUrl = await createFifoQueue(client);
    await send(queueUrl, 'A', 'a1');
    await send(queueUrl, 'B', 'b1');
    await send(queueUrl, 'A', 'a2');
    await send(queueUrl, 'B', 'b2');
    await send(queueUrl, 'C', 'c1');

    expect(bodies(await receive(client, queueUrl, { MaxNumberOfMessages: 3 }))).toEqual(['a1', 'a2', 'b1']);
    // B is now in flight (b1), so b2 waits; C is free.
    expect(bodies(await receive(client, queueUrl))).toEqual(['c1']);
  });

  test('a group stays blocked while any message of a received batch is undeleted', async () => {
    const queueUrl = await createFifoQueue(client);
    for (const body of ['a1', 'a2', 'a3']) await send(queueUrl, 'A', body);
    const batch = await receive(client, queueUrl);
    await send(queueUrl, 'A', 'a4');

    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: batch[0].ReceiptHandle }));

    expect(await receive(client, queueUrl)).toEqual([]);
  });

  test('when the visibility timeout ends, the undeleted messages come back first, in order, with ApproximateReceiveCount 2', async () => {
    const queueUrl = await createFifoQueue(client, { VisibilityTimeout: '30' });
    for (const body of ['a1', 'a2', 'a3']) await send(queueUrl, 'A', body);
    const batch = await receive(client, queueUrl);
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: batch[0].ReceiptHandle }));
    await send(queueUrl, 'A', 'a4');

    harness.clock.advance(30_000);
    const again = await receive(client, queueUrl);

    expect(bodies(again)).toEqual(['a2', 'a3', 'a4']);
    expect(again.map((m) => m.Attributes?.ApproximateReceiveCount)).toEqual(['2', '2', '1']);
    expect(again[0].MessageId).toBe(batch[1].MessageId);
  });

  test('a message sent without MessageGroupId is refused with MissingParameter', async () => {
    const queueUrl = await createFifoQueue(client);

    await expect(client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x' }))).rejects.toMatchObject({
      name: 'MissingParameter',
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('per-message DelaySeconds is refused on a FIFO queue', async () => {
    const queueUrl = await createFifoQueue(client);

    await expect(
      client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x', MessageGroupId: 'A', DelaySeconds: 5 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  test('the queue-level delay holds a FIFO message back until it passes', async () => {
    const queueUrl = await createFifoQueue(client, { DelaySeconds: '10' });
    await send(queueUrl, 'A', 'a1');

    expect(await receive(client, queueUrl)).toEqual([]);
    harness.clock.advance(10_000);
    expect(bodies(await receive(client, queueUrl))).toEqual(['a1']);
  });
});
