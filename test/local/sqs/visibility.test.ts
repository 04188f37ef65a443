import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  MessageNotInflight,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { bodies, counts, createFifoQueue, createStandardQueue, receive, type SqsHarness, startHarness } from './sqs-harness';

let harness: SqsHarness;
let client: SQSClient;
beforeAll(async () => {
  harness = await startHarness();
  client = harness.client;
});
afterAll(() => harness.stop());

describe('visibility timeout', () => {
  test('an undeleted message is redelivered after the visibility timeout, with a higher ApproximateReceiveCount and a new receipt handle', async () => {
    const queueUrl = await createStandardQueue(client, { VisibilityTimeout: '20' });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'job' }));
    const [first] = await receive(client, queueUrl);

    harness.clock.advance(19_999);
    expect(await receive(client, queueUrl)).toEqual([]);
    harness.clock.advance(1);
    const [second] = await receive(client, queueUrl);

    expect(second.MessageId).toBe(first.MessageId);
    expect(first.Attributes?.ApproximateReceiveCount).toBe('1');
    expect(second.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(second.Attributes?.ApproximateFirstReceiveTimestamp).toBe(first.Attributes?.ApproximateFirstReceiveTimestamp);
    expect(second.ReceiptHandle).not.toBe(first.ReceiptHandle);
  });

  test('the VisibilityTimeout of a ReceiveMessage overrides the queue default', async () => {
    const queueUrl = await createStandardQueue(client, { VisibilityTimeout: '300' });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'job' }));
    await receive(client, queueUrl, { VisibilityTimeout: 5 });

    harness.clock.advance(5_000);

    expect(bodies(await receive(client, queueUrl))).toEqual(['job']);
  });

  test('ChangeMessageVisibility restarts the timeout from now', async () => {
    const queueUrl = await createStandardQueue(client, { VisibilityTimeout: '10' });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'job' }));
    const [message] = await receive(client, queueUrl);
    harness.clock.advance(8_000);

    await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 60 }));
    harness.clock.advance(59_000);
    expect(await receive(client, queueUrl)).toEqual([]);
    harness.clock.advance(1_000);
    expect(bodies(await receive(client, queueUrl))).toEqual(['job']);
  });

  test('visibility cannot be extended beyond 12 hours after the receive', async () => {
    const queueUrl = await createStandardQueue(client, { VisibilityTimeout: '43200' });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'long job' }));
    const [message] = await receive(client, queueUrl);
    harness.clock.advance(3_600_000);

    await expect(
      client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 43_200 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue', message: expect.stringContaining('beyond the limit') });
    await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 39_600 }));
  });

  test('ChangeMessageVisibility to 0 on a FIFO message releases its group at once', async () => {
    const queueUrl = await createFifoQueue(client);
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a1', MessageGroupId: 'A' }));
    const [message] = await receive(client, queueUrl);

    await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));

    expect(bodies(await receive(client, queueUrl))).toEqual(['a1']);
  });

  test('releasing the first message of a received batch does not free its group while the rest are in flight', async () => {
    const queueUrl = await createFifoQueue(client);
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a1', MessageGroupId: 'A' }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a2', MessageGroupId: 'A' }));
    const [first] = await receive(client, queueUrl);

    await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 0 }));

    expect(await receive(client, queueUrl)).toEqual([]);
  });

  test('ChangeMessageVisibility on a message whose timeout already expired throws MessageNotInflight', async () => {
    const queueUrl = await createStandardQueue(client, { VisibilityTimeout: '5' });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'job' }));
    const [message] = await receive(client, queueUrl);
    harness.clock.advance(5_000);

    await expect(
      client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 30 })),
    ).rejects.toBeInstanceOf(MessageNotInflight);
  });

  test('on a FIFO queue, deleting with the handle of an earlier receive fails as expired and keeps the message', async () => {
    const queueUrl = await createFifoQueue(client, { VisibilityTimeout: '5' });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a1', MessageGroupId: 'A' }));
    const [first] = await receive(client, queueUrl);
    harness.clock.advance(5_000);
    await receive(client, queueUrl);

    await expect(client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first.ReceiptHandle }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: expect.stringContaining('The receipt handle has expired'),
    });
    expect(await counts(client, queueUrl)).toEqual({ visible: 0, inFlight: 1 });
  });

  test('on a standard queue, an older receipt handle still deletes the message', async () => {
    const queueUrl = await createStandardQueue(client, { VisibilityTimeout: '5' });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'job' }));
    const [first] = await receive(client, queueUrl);
    harness.clock.advance(5_000);
    await receive(client, queueUrl);

    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first.ReceiptHandle }));

    expect(await counts(client, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  test('ChangeMessageVisibilityBatch reports a bad entry as failed and applies the others', async () => {
    const queueUrl = await createStandardQueue(client);
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'job' }));
    const [message] = await receive(client, queueUrl);

    const result = await client.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: 'good', ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'bad', ReceiptHandle: 'not-a-handle', VisibilityTimeout: 0 },
        ],
      }),
    );

    expect(result.Successful).toEqual([{ Id: 'good' }]);
    expect(result.Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid', SenderFault: true })]);
    expect(bodies(await receive(client, queueUrl))).toEqual(['job']);
  });
});

describe('ReceiveRequestAttemptId (FIFO)', () => {
  test('a retry with the same attempt id returns the same messages and receipt handles, counted as one receive', async () => {
    const queueUrl = await createFifoQueue(client);
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a1', MessageGroupId: 'A' }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a2', MessageGroupId: 'A' }));
    const first = await receive(client, queueUrl, { ReceiveRequestAttemptId: 'attempt-1' });

    const retry = await receive(client, queueUrl, { ReceiveRequestAttemptId: 'attempt-1' });

    expect(retry.map((m) => m.ReceiptHandle)).toEqual(first.map((m) => m.ReceiptHandle));
    expect(retry.map((m) => m.Attributes?.ApproximateReceiveCount)).toEqual(['1', '1']);
  });

  test('after one of its messages was deleted, the same attempt id runs a new receive', async () => {
    const queueUrl = await createFifoQueue(client);
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a1', MessageGroupId: 'A' }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'b1', MessageGroupId: 'B' }));
    const [first] = await receive(client, queueUrl, { ReceiveRequestAttemptId: 'attempt-2', MaxNumberOfMessages: 1 });
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first.ReceiptHandle }));

    expect(bodies(await receive(client, queueUrl, { ReceiveRequestAttemptId: 'attempt-2' }))).toEqual(['b1']);
  });

  test('an attempt id is forgotten after 5 minutes', async () => {
    const queueUrl = await createFifoQueue(client, { VisibilityTimeout: '600' });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a1', MessageGroupId: 'A' }));
    await receive(client, queueUrl, { ReceiveRequestAttemptId: 'attempt-3' });
    harness.clock.advance(5 * 60_000);

    expect(await receive(client, queueUrl, { ReceiveRequestAttemptId: 'attempt-3' })).toEqual([]);
  });
});
