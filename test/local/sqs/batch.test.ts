import {
  BatchEntryIdsNotDistinct,
  DeleteMessageBatchCommand,
  EmptyBatchRequest,
  InvalidBatchEntryId,
  SendMessageBatchCommand,
  type SQSClient,
  TooManyEntriesInBatchRequest,
} from '@aws-sdk/client-sqs';
import { bodies, counts, createFifoQueue, createStandardQueue, receive, type SqsHarness, startHarness } from './sqs-harness';

let harness: SqsHarness;
let client: SQSClient;
beforeAll(async () => {
  harness = await startHarness();
  client = harness.client;
});
afterAll(() => harness.stop());

describe('batch operations', () => {
  test('SendMessageBatch enqueues the valid entries and reports the invalid ones in Failed', async () => {
    const queueUrl = await createFifoQueue(client);

    const result = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: 'one', MessageBody: 'a1', MessageGroupId: 'A' },
          { Id: 'no-group', MessageBody: 'orphan' },
          { Id: 'two', MessageBody: 'a2', MessageGroupId: 'A' },
        ],
      }),
    );

    expect(result.Successful?.map((entry) => entry.Id)).toEqual(['one', 'two']);
    expect(result.Successful?.every((entry) => /^\d{20}$/.test(entry.SequenceNumber ?? ''))).toBe(true);
    expect(result.Failed).toEqual([expect.objectContaining({ Id: 'no-group', Code: 'MissingParameter', SenderFault: true })]);
    expect(bodies(await receive(client, queueUrl))).toEqual(['a1', 'a2']);
  });

  test('DeleteMessageBatch deletes the entries it can and reports an invalid receipt handle in Failed', async () => {
    const queueUrl = await createStandardQueue(client);
    await client.send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'a', MessageBody: 'a' }, { Id: 'b', MessageBody: 'b' }] }),
    );
    const messages = await receive(client, queueUrl);

    const result = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          ...messages.map((message, index) => ({ Id: `m${index}`, ReceiptHandle: message.ReceiptHandle })),
          { Id: 'forged', ReceiptHandle: 'forged-handle' },
        ],
      }),
    );

    expect(result.Successful?.map((entry) => entry.Id)).toEqual(['m0', 'm1']);
    expect(result.Failed).toEqual([expect.objectContaining({ Id: 'forged', Code: 'ReceiptHandleIsInvalid', SenderFault: true })]);
    expect(await counts(client, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  test('a batch without entries is refused with EmptyBatchRequest', async () => {
    const queueUrl = await createStandardQueue(client);

    await expect(client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [] }))).rejects.toBeInstanceOf(EmptyBatchRequest);
  });

  test('a batch of 11 entries is refused with TooManyEntriesInBatchRequest', async () => {
    const queueUrl = await createStandardQueue(client);
    const entries = Array.from({ length: 11 }, (_, index) => ({ Id: `e${index}`, MessageBody: 'x' }));

    await expect(client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))).rejects.toBeInstanceOf(
      TooManyEntriesInBatchRequest,
    );
  });

  test('two entries with the same Id are refused with BatchEntryIdsNotDistinct and nothing is sent', async () => {
    const queueUrl = await createStandardQueue(client);

    await expect(
      client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'x', MessageBody: '1' }, { Id: 'x', MessageBody: '2' }] })),
    ).rejects.toBeInstanceOf(BatchEntryIdsNotDistinct);
    expect(await counts(client, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  test('an entry Id with characters outside [A-Za-z0-9_-] is refused with InvalidBatchEntryId', async () => {
    const queueUrl = await createStandardQueue(client);

    await expect(
      client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'not ok!', MessageBody: '1' }] })),
    ).rejects.toBeInstanceOf(InvalidBatchEntryId);
  });

  test('a batch whose bodies add up to more than MaximumMessageSize is refused with BatchRequestTooLong', async () => {
    const queueUrl = await createStandardQueue(client, { MaximumMessageSize: '1024' });
    const entries = [0, 1].map((index) => ({ Id: `e${index}`, MessageBody: 'x'.repeat(600) }));

    await expect(client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))).rejects.toMatchObject({
      name: 'BatchRequestTooLong',
    });
  });
});
