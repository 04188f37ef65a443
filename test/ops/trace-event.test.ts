import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { ChangeMessageVisibilityBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { traceEvents } from '../../ops';
import { mockRouter, queueUrl } from './aws-fixture';

let router: ReturnType<typeof mockRouter>;
beforeEach(() => (router = mockRouter()));
afterEach(() => router.restore());

const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 'INFO', timestamp: '2026-11-30T10:00:00.000Z', service: 'x', ...fields });

test('on AWS a correlation id is followed through the consumers\' logs, dedupe markers and DLQs', async () => {
  router.logs.on(FilterLogEventsCommand).resolves({ events: [] });
  router.logs.on(FilterLogEventsCommand, { logGroupName: '/aws/lambda/InventoryConsumerStack-Function' }).resolves({
    events: [
      { timestamp: 1, message: `2026-11-30T10:00:00Z\treq\tINFO\t${line({ message: 'Duplicate event skipped', eventId: 'evt-1', correlationId: 'req-9', consumer: 'inventory' })}` },
      { timestamp: 2, message: line({ level: 'ERROR', message: 'Event handler failed', eventId: 'evt-2', correlationId: 'req-9', consumer: 'inventory', error: { name: 'PermanentError', message: 'sku unknown' } }) },
    ],
  });
  router.dynamodb.on(GetItemCommand).resolves({});
  router.dynamodb.on(GetItemCommand, { TableName: 'InventoryConsumerStack-DedupeTable', Key: { pk: { S: 'inventory#evt-1' } } }).resolves({ Item: { pk: { S: 'inventory#evt-1' }, processedAt: { S: '2026-11-30T09:59:59.000Z' } } });
  router.sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });
  router.sqs.on(ReceiveMessageCommand, { QueueUrl: queueUrl('InventoryConsumerStack-ConsumerDeadLetterQueue-ABC.fifo') }).resolvesOnce({
    Messages: [
      {
        MessageId: 'm2',
        ReceiptHandle: 'rh2',
        Body: JSON.stringify({ 'detail-type': 'OrderPaid', detail: { metadata: { eventId: 'evt-2', correlationId: 'req-9' } } }),
        Attributes: { MessageGroupId: 'ord_1', ApproximateReceiveCount: '1', SentTimestamp: '0' },
        MessageAttributes: { ErrorType: { DataType: 'String', StringValue: 'PermanentError' }, ErrorMessage: { DataType: 'String', StringValue: 'sku unknown' }, ParkedAt: { DataType: 'String', StringValue: '2026-11-30T10:00:01Z' } },
      },
    ],
  }).resolves({ Messages: [] });
  router.sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });

  const result = await traceEvents(await router.connect(), 'req-9');
  const filter = router.logs.commandCalls(FilterLogEventsCommand)[0]!.args[0].input;
  expect(filter.filterPattern).toBe('"req-9"');
  const outcomes = Object.fromEntries(result.events.map((event) => [event.eventId, event.consumers.map((c) => [c.consumer, c.outcome, c.at, c.reason])]));
  expect(outcomes).toEqual({
    'evt-1': [['inventory', 'applied', '2026-11-30T09:59:59.000Z', undefined]],
    'evt-2': [['inventory', 'parked', '2026-11-30T10:00:01Z', 'consumer DLQ: PermanentError: sku unknown']],
  });
  expect(result.events[0]!.consumers[0]!.duplicatesSkipped).toBe(1);
  expect(result.problem).toBe(true);
});

test("on AWS a held event is found in the consumer's table, with what it waits for, and the entity's cursor is shown", async () => {
  router.logs.on(FilterLogEventsCommand).resolves({ events: [] });
  router.sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });
  router.dynamodb.on(GetItemCommand).resolves({});
  const cursorItem = { pk: { S: 'inventory#cursor#ord_7' }, entity: { S: 'ord_7' }, applied: { N: '1' }, held: { NS: ['3'] }, gapOpenSince: { N: '1' }, gapConsumer: { S: 'inventory' } };
  router.dynamodb.on(QueryCommand, { TableName: 'InventoryConsumerStack-DedupeTable', IndexName: 'gaps' }).resolves({ Items: [cursorItem] });
  router.dynamodb.on(GetItemCommand, { TableName: 'InventoryConsumerStack-DedupeTable', Key: { pk: { S: 'inventory#cursor#ord_7' } } }).resolves({ Item: cursorItem });
  router.dynamodb.on(GetItemCommand, { TableName: 'InventoryConsumerStack-DedupeTable', Key: { pk: { S: 'inventory#held#ord_7#3' } } }).resolves({
    Item: { pk: { S: 'inventory#held#ord_7#3' }, eventId: { S: 'evt-3' }, contentHash: { S: 'h' }, body: { S: '{}' }, heldAt: { S: '2026-11-30T10:00:00.000Z' } },
  });
  const result = await traceEvents(await router.connect(), 'ord_7', { readDlqs: false });
  expect(result.cursors).toEqual([{ consumer: 'inventory', entity: 'ord_7', applied: 1, held: [3], parkedSequence: undefined }]);
  expect(result.events.map((e) => [e.eventId, e.consumers.map((c) => [c.consumer, c.outcome, c.at, c.reason])])).toEqual([
    ['evt-3', [['inventory', 'held', '2026-11-30T10:00:00.000Z', "sequence 3 of ord_7 is held in the consumer's table, waiting for sequence 2 (applied up to 1)"]]],
  ]);
});
