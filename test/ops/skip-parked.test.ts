/** `dlq skip` on AWS, at the SDK boundary: the skip is recorded on the cursor before the parked message is deleted. */
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ChangeMessageVisibilityBatchCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { OpsInputError, skipParked } from '../../ops';
import { mockRouter, queueUrl } from './aws-fixture';

let router: ReturnType<typeof mockRouter>;
beforeEach(() => (router = mockRouter()));
afterEach(() => router.restore());

const DLQ = queueUrl('InventoryConsumerStack-ConsumerDeadLetterQueue-ABC.fifo');
const QUEUE = queueUrl('InventoryConsumerStack-ConsumerQueue-ABC.fifo');
const TABLE = 'InventoryConsumerStack-DedupeTable';

/** A sequenced event the consumer parked: contract 6 attributes plus `Entity` and `Sequence`. */
const parkedMessage: Message = {
  MessageId: 'm2',
  ReceiptHandle: 'rh-m2',
  Body: JSON.stringify({ id: 'eb-2', 'detail-type': 'OrderPaid', source: 'orders-service', detail: { metadata: { eventId: 'evt-2', sequence: 2 }, data: { orderId: 'ord_1' } } }),
  Attributes: { MessageGroupId: 'ord_1', ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()) },
  MessageAttributes: {
    ErrorType: { DataType: 'String', StringValue: 'PermanentError' },
    EventId: { DataType: 'String', StringValue: 'evt-2' },
    Entity: { DataType: 'String', StringValue: 'ord_1' },
    Sequence: { DataType: 'Number', StringValue: '2' },
  },
};

function quarantinedCursor() {
  router.sqs.on(ReceiveMessageCommand, { QueueUrl: DLQ }).resolvesOnce({ Messages: [parkedMessage] }).resolves({ Messages: [] });
  router.sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
  router.dynamodb.on(GetItemCommand, { TableName: TABLE, Key: { pk: { S: 'inventory#cursor#ord_1' } } }).resolves({
    Item: { pk: { S: 'inventory#cursor#ord_1' }, entity: { S: 'ord_1' }, applied: { N: '1' }, parkedSeq: { N: '2' }, parkedEventId: { S: 'evt-2' }, held: { NS: ['3', '4'] } },
  });
  router.dynamodb.on(GetItemCommand, { TableName: TABLE, Key: { pk: { S: 'inventory#held#ord_1#3' } } }).resolves({
    Item: { pk: { S: 'inventory#held#ord_1#3' }, eventId: { S: 'evt-3' }, contentHash: { S: 'h' }, body: { S: '{"held":3}' }, heldAt: { S: 'x' } },
  });
}

test('records the skip on the cursor, re-sends the next held event to the consumer queue, and only then deletes the parked message', async () => {
  quarantinedCursor();
  const calls: string[] = [];
  router.dynamodb.on(UpdateItemCommand).callsFake((input) => {
    calls.push(`update ${input.Key.pk.S} ${input.ConditionExpression}`);
    return {};
  });
  router.sqs.on(SendMessageCommand).callsFake((input) => {
    calls.push(`send ${input.QueueUrl === QUEUE ? 'consumer queue' : input.QueueUrl} ${input.MessageGroupId} ${input.MessageBody}`);
    return { MessageId: 'n' };
  });
  router.sqs.on(DeleteMessageCommand).callsFake((input) => {
    calls.push(`delete ${input.QueueUrl === DLQ ? 'dlq' : input.QueueUrl} ${input.ReceiptHandle}`);
    return {};
  });
  const result = await skipParked(await router.connect(), 'inventory', { ids: ['evt-2'], confirm: true });
  expect(calls).toEqual([
    'update inventory#cursor#ord_1 (applied = :prev) AND (size(held) = :heldCount) AND (parkedSeq = :parked)',
    'send consumer queue ord_1 {"held":3}',
    'delete dlq rh-m2',
  ]);
  expect(result.items).toEqual([{ entity: 'ord_1', sequence: 2, messageId: 'm2', eventId: 'evt-2', status: 'skipped', held: 2, released: true, deleted: true }]);
  expect(result.problem).toBe(false);
});

test('when the cursor cannot be written the parked message stays in the DLQ and the run reports a problem', async () => {
  quarantinedCursor();
  router.dynamodb.on(UpdateItemCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }));
  const result = await skipParked(await router.connect(), 'inventory', { ids: ['m2'], confirm: true });
  expect(result.items[0]).toMatchObject({ status: 'failed', deleted: false, error: expect.stringContaining('Rate exceeded') });
  expect(result.problem).toBe(true);
  expect(router.sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  expect(router.sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  // Made visible again at once.
  expect(router.sqs.commandCalls(ChangeMessageVisibilityBatchCommand)[0]!.args[0].input.Entries).toEqual([{ Id: '0', ReceiptHandle: 'rh-m2', VisibilityTimeout: 0 }]);
});

test('without --yes (confirm) or --dry-run nothing is read or changed: bad input', async () => {
  await expect(skipParked(await router.connect(), 'inventory', { ids: ['evt-2'] })).rejects.toBeInstanceOf(OpsInputError);
  await expect(skipParked(await router.connect(), 'inventory', { entity: 'ord_1', confirm: true })).rejects.toThrow(/--entity and --sequence go together/);
  await expect(skipParked(await router.connect(), 'inventory', { ids: ['x'], entity: 'ord_1', sequence: 2, confirm: true })).rejects.toThrow(/not both/);
  expect(router.sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
});

test('an entity not quarantined behind the selected sequence is refused and its message kept', async () => {
  router.sqs.on(ReceiveMessageCommand, { QueueUrl: DLQ }).resolvesOnce({ Messages: [parkedMessage] }).resolves({ Messages: [] });
  router.sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
  router.dynamodb.on(GetItemCommand).resolves({ Item: { pk: { S: 'inventory#cursor#ord_1' }, entity: { S: 'ord_1' }, applied: { N: '1' } } });
  const result = await skipParked(await router.connect(), 'inventory', { ids: ['evt-2'], confirm: true });
  expect(result.items[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/not quarantined.*redrive the message instead/) });
  expect(router.dynamodb.commandCalls(UpdateItemCommand)).toHaveLength(0);
  expect(router.sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
});

test('by entity and sequence the quarantine ends even when the parked message is no longer in the DLQ', async () => {
  quarantinedCursor();
  router.sqs.on(ReceiveMessageCommand, { QueueUrl: DLQ }).resolves({ Messages: [] });
  router.dynamodb.on(UpdateItemCommand).resolves({});
  router.sqs.on(SendMessageCommand).resolves({ MessageId: 'n' });
  const result = await skipParked(await router.connect(), 'inventory', { entity: 'ord_1', sequence: 2, confirm: true });
  expect(result.items).toEqual([{ entity: 'ord_1', sequence: 2, messageId: undefined, eventId: undefined, status: 'skipped', held: 2, released: true, deleted: false }]);
  expect(router.dynamodb.commandCalls(UpdateItemCommand)).toHaveLength(1);
  expect(router.sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
});
