import { DeleteMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { bodies, counts, createFifoQueue, receive, type SqsHarness, startHarness } from './sqs-harness';

let harness: SqsHarness;
let client: SQSClient;
beforeAll(async () => {
  harness = await startHarness();
  client = harness.client;
});
afterAll(() => harness.stop());

const send = (QueueUrl: string, MessageBody: string, extra: { MessageDeduplicationId?: string; MessageGroupId?: string } = {}) =>
  client.send(new SendMessageCommand({ QueueUrl, MessageBody, MessageGroupId: 'A', ...extra }));

describe('FIFO deduplication', () => {
  test('a second send with the same MessageDeduplicationId within 5 minutes is acknowledged with the first MessageId and not enqueued', async () => {
    const queueUrl = await createFifoQueue(client, { ContentBasedDeduplication: 'false' });
    const first = await send(queueUrl, 'placed', { MessageDeduplicationId: 'evt-1' });
    harness.clock.advance(4 * 60_000);
    const second = await send(queueUrl, 'placed again', { MessageDeduplicationId: 'evt-1' });

    expect(second.MessageId).toBe(first.MessageId);
    expect(second.SequenceNumber).toBe(first.SequenceNumber);
    expect(bodies(await receive(client, queueUrl))).toEqual(['placed']);
  });

  test('the same MessageDeduplicationId is accepted again once 5 minutes have passed', async () => {
    const queueUrl = await createFifoQueue(client, { ContentBasedDeduplication: 'false' });
    const first = await send(queueUrl, 'one', { MessageDeduplicationId: 'evt-2' });
    harness.clock.advance(5 * 60_000);
    const second = await send(queueUrl, 'two', { MessageDeduplicationId: 'evt-2' });

    expect(second.MessageId).not.toBe(first.MessageId);
    expect(bodies(await receive(client, queueUrl))).toEqual(['one', 'two']);
  });

  test('the window holds even after the first message was received and deleted', async () => {
    const queueUrl = await createFifoQueue(client, { ContentBasedDeduplication: 'false' });
    await send(queueUrl, 'one', { MessageDeduplicationId: 'evt-3' });
    const [message] = await receive(client, queueUrl);
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));

    await send(queueUrl, 'one', { MessageDeduplicationId: 'evt-3' });

    expect(await counts(client, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  test('content-based deduplication treats an identical body as a duplicate, whatever the group', async () => {
    const queueUrl = await createFifoQueue(client);
    const first = await send(queueUrl, '{"orderId":"ord_1"}');
    const duplicate = await send(queueUrl, '{"orderId":"ord_1"}', { MessageGroupId: 'B' });
    await send(queueUrl, '{"orderId":"ord_2"}');

    expect(duplicate.MessageId).toBe(first.MessageId);
    expect(bodies(await receive(client, queueUrl))).toEqual(['{"orderId":"ord_1"}', '{"orderId":"ord_2"}']);
  });

  test('content-based deduplication id is the SHA-256 of the body', async () => {
    const queueUrl = await createFifoQueue(client);
    await send(queueUrl, 'hello');

    const [message] = await receive(client, queueUrl);

    expect(message.Attributes?.MessageDeduplicationId).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });

  test('an explicit MessageDeduplicationId wins over content-based deduplication', async () => {
    const queueUrl = await createFifoQueue(client);
    await send(queueUrl, 'same body', { MessageDeduplicationId: 'x-1' });
    await send(queueUrl, 'same body', { MessageDeduplicationId: 'x-2' });

    expect(bodies(await receive(client, queueUrl))).toEqual(['same body', 'same body']);
  });

  test('with DeduplicationScope messageGroup, the same id in another group is a new message', async () => {
    const queueUrl = await createFifoQueue(client, { DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' });
    await send(queueUrl, 'a', { MessageDeduplicationId: 'evt-9' });
    await send(queueUrl, 'b', { MessageDeduplicationId: 'evt-9', MessageGroupId: 'B' });
    await send(queueUrl, 'c', { MessageDeduplicationId: 'evt-9', MessageGroupId: 'B' });

    expect(bodies(await receive(client, queueUrl)).sort()).toEqual(['a', 'b']);
  });

  test('without content-based deduplication a send needs a MessageDeduplicationId', async () => {
    const queueUrl = await createFifoQueue(client, { ContentBasedDeduplication: 'false' });

    await expect(send(queueUrl, 'x')).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});
