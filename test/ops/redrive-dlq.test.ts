import { ChangeMessageVisibilityBatchCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { OpsInputError, peekDlq, redriveDlq } from '../../ops';
import { mockRouter, queueUrl } from './aws-fixture';

let router: ReturnType<typeof mockRouter>;
beforeEach(() => (router = mockRouter()));
afterEach(() => router.restore());

const DLQ = queueUrl('InventoryConsumerStack-ConsumerDeadLetterQueue-ABC.fifo');
const QUEUE = queueUrl('InventoryConsumerStack-ConsumerQueue-ABC.fifo');

function parked(id: string, group: string, detailType = 'OrderPaid', errorType = 'PermanentError'): Message {
  return {
    MessageId: id,
    ReceiptHandle: `rh-${id}`,
    Body: JSON.stringify({ id: `eb-${id}`, 'detail-type': detailType, source: 'orders-service', detail: { metadata: { eventId: `evt-${id}` }, data: { orderId: group } } }),
    Attributes: { MessageGroupId: group, ApproximateReceiveCount: '3', SentTimestamp: String(Date.now() - 5000) },
    MessageAttributes: { ErrorType: { DataType: 'String', StringValue: errorType }, ErrorMessage: { DataType: 'String', StringValue: `bad ${id}` } },
  };
}

/** The DLQ answers one batch, then nothing (as a FIFO queue does while the batch is held). */
function dlqHolds(messages: Message[]): void {
  router.sqs.on(ReceiveMessageCommand, { QueueUrl: DLQ }).resolvesOnce({ Messages: messages }).resolves({ Messages: [] });
}

describe('redriveDlq', () => {
  test("sends each message back to the consumer queue in its own group with a dedup id from the DLQ message, and deletes it only after the send", async () => {
    dlqHolds([parked('a1', 'ord_a'), parked('a2', 'ord_a'), parked('b1', 'ord_b')]);
    const calls: string[] = [];
    router.sqs.on(SendMessageCommand).callsFake((input) => {
      calls.push(`send ${input.MessageDeduplicationId}`);
      return { MessageId: 'new' };
    });
    router.sqs.on(DeleteMessageCommand).callsFake((input) => {
      calls.push(`delete ${input.ReceiptHandle}`);
      return {};
    });
    const result = await redriveDlq(await router.connect(), 'inventory', { all: true });
    expect(calls).toEqual(['send redrive-a1', 'delete rh-a1', 'send redrive-a2', 'delete rh-a2', 'send redrive-b1', 'delete rh-b1']);
    const sends = router.sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(sends.map((send) => [send.QueueUrl, send.MessageGroupId])).toEqual([[QUEUE, 'ord_a'], [QUEUE, 'ord_a'], [QUEUE, 'ord_b']]);
    expect(sends[0]!.MessageBody).toBe(parked('a1', 'ord_a').Body);
    expect(result).toMatchObject({ problem: false, interrupted: false });
    expect(result.items.map((item) => item.status)).toEqual(['redriven', 'redriven', 'redriven']);
  });

  test("a failed send keeps that message and the later ones of its entity in the DLQ, other entities go on", async () => {
    dlqHolds([parked('a1', 'ord_a'), parked('a2', 'ord_a'), parked('b1', 'ord_b')]);
    router.sqs.on(SendMessageCommand).resolves({ MessageId: 'new' });
    router.sqs.on(SendMessageCommand, { MessageDeduplicationId: 'redrive-a1' }).rejects(Object.assign(new Error('throttled'), { name: 'RequestThrottled' }));
    router.sqs.on(DeleteMessageCommand).resolves({});
    router.sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
    const result = await redriveDlq(await router.connect(), 'inventory', { all: true });
    expect(router.sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input.MessageDeduplicationId)).toEqual(['redrive-a1', 'redrive-b1']);
    expect(router.sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input.ReceiptHandle)).toEqual(['rh-b1']);
    const released = router.sqs.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((call) => call.args[0].input.Entries!.map((e) => [e.ReceiptHandle, e.VisibilityTimeout]));
    expect(released).toEqual([['rh-a1', 0], ['rh-a2', 0]]);
    expect(result.problem).toBe(true);
    expect(result.items.find((item) => item.messageId === 'a1')).toMatchObject({ status: 'failed', error: 'throttled' });
  });

  test('a dry run sends and deletes nothing and releases what it read', async () => {
    dlqHolds([parked('a1', 'ord_a'), parked('b1', 'ord_b', 'OrderShipped')]);
    router.sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
    const result = await redriveDlq(await router.connect(), 'inventory', { filter: 'detail-type=OrderShipped', dryRun: true });
    expect(result.items.map((item) => [item.messageId, item.status])).toEqual([['b1', 'would-redrive']]);
    expect(router.sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(router.sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(router.sqs.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((call) => call.args[0].input.Entries!.map((e) => e.ReceiptHandle)).sort()).toEqual(['rh-a1', 'rh-b1']);
  });

  test('the target DLQ goes back to the buffer queue in the rule target group', async () => {
    const targetDlq = queueUrl('InventoryConsumerStack-ConsumerTargetDeadLetterQueue-ABC');
    const message = { ...parked('t1', 'x'), Attributes: { SentTimestamp: String(Date.now()) } };
    router.sqs.on(ReceiveMessageCommand, { QueueUrl: targetDlq }).resolvesOnce({ Messages: [message] }).resolves({ Messages: [] });
    router.sqs.on(SendMessageCommand).resolves({ MessageId: 'new' });
    router.sqs.on(DeleteMessageCommand).resolves({});
    await redriveDlq(await router.connect(), 'inventory', { queue: 'target', all: true });
    expect(router.sqs.commandCalls(SendMessageCommand)[0]!.args[0].input).toMatchObject({
      QueueUrl: queueUrl('InventoryConsumerStack-ConsumerBufferQueue-ABC.fifo'),
      MessageGroupId: 'inventory',
      MessageDeduplicationId: 'redrive-t1',
    });
  });

  test('nothing is chosen: bad input, nothing read', async () => {
    await expect(redriveDlq(await router.connect(), 'inventory', {})).rejects.toBeInstanceOf(OpsInputError);
    expect(router.sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
  });
});

describe('peekDlq', () => {
  test('shows reason attributes, receive count and age, deletes nothing and makes every read message visible again', async () => {
    dlqHolds([parked('a1', 'ord_a'), parked('b1', 'ord_b', 'OrderPaid', 'MalformedEventError')]);
    router.sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
    const result = await peekDlq(await router.connect(), 'inventory', { filter: 'error=MalformedEventError' });
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({ messageId: 'b1', eventId: 'evt-b1', entity: 'ord_b', detailType: 'OrderPaid', errorType: 'MalformedEventError', errorMessage: 'bad b1', receiveCount: 3 });
    expect(result.messages[0]!.ageSeconds).toBeGreaterThanOrEqual(4);
    expect(router.sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(router.sqs.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((call) => call.args[0].input.Entries!.map((e) => [e.ReceiptHandle, e.VisibilityTimeout]))).toEqual([
      ['rh-a1', 0],
      ['rh-b1', 0],
    ]);
  });
});
