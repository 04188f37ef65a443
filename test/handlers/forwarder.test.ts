import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import {
  forwardBatch,
  GroupKeyMissingError,
  loadForwardingConfig,
  type ForwardingConfig,
  type ForwardingLogger,
} from '../../runtime/forwarding';
import { MalformedEventError } from '../../runtime/envelope';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/inventory-queue.fifo';
const PER_ORDER: ForwardingConfig = loadForwardingConfig({
  TARGET_QUEUE_URL: QUEUE_URL,
  GROUP_KEY_PATH: '$.detail.data.orderId',
});
const DLQ_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/inventory-buffer-dlq';
const WITH_DLQ: ForwardingConfig = loadForwardingConfig({
  TARGET_QUEUE_URL: QUEUE_URL,
  GROUP_KEY_PATH: '$.detail.data.orderId',
  DEAD_LETTER_QUEUE_URL: DLQ_URL,
});
const UNORDERED: ForwardingConfig = loadForwardingConfig({ TARGET_QUEUE_URL: QUEUE_URL });

const sqsMock = mockClient(SQSClient);
const sqs = new SQSClient({ region: 'eu-west-1' });

interface Logged {
  message: string;
  messageId: string;
  error: Error;
}
function recordingLogger(): ForwardingLogger & { logged: Logged[] } {
  const logged: Logged[] = [];
  return { logged, error: (message, extra) => logged.push({ message, ...extra }) };
}

/** Marks a field the event leaves out (a default parameter cannot be passed `undefined`). */
const MISSING = Symbol('missing');

function orderEvent(n: number, orderId: unknown = `ord_${n % 3}`, eventId: string | typeof MISSING = `01J8XK${String(n).padStart(4, '0')}`) {
  return {
    version: '0',
    id: `eb-${n}`,
    source: 'orders-service',
    'detail-type': 'OrderPlaced',
    detail: {
      metadata: eventId === MISSING ? { eventType: 'order.placed' } : { eventId, eventType: 'order.placed' },
      data: orderId === MISSING ? {} : { orderId },
    },
  };
}

function record(n: number, body: unknown = orderEvent(n)) {
  return { messageId: `m-${n}`, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

function sentEntries(call = 0) {
  return sqsMock.commandCalls(SendMessageBatchCommand)[call].args[0].input.Entries!;
}

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageBatchCommand).callsFake((input) => ({
    Successful: input.Entries.map((entry: { Id: string }) => ({ Id: entry.Id, MessageId: `sqs-${entry.Id}` })),
    Failed: [],
  }));
});

describe('forwardBatch', () => {
  test('sends each event to the consumer queue with its orderId as message group and its eventId as dedup id', async () => {
    const result = await forwardBatch([record(1), record(2)], PER_ORDER, sqs, recordingLogger());

    expect(result.batchItemFailures).toEqual([]);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)[0].args[0].input.QueueUrl).toBe(QUEUE_URL);
    expect(sentEntries()).toEqual([
      { Id: '0', MessageBody: record(1).body, MessageGroupId: 'ord_1', MessageDeduplicationId: '01J8XK0001' },
      { Id: '1', MessageBody: record(2).body, MessageGroupId: 'ord_2', MessageDeduplicationId: '01J8XK0002' },
    ]);
  });

  test('without a group key path every event is its own group, named by its deduplication id', async () => {
    await forwardBatch([record(1), record(2)], UNORDERED, sqs, recordingLogger());

    expect(sentEntries().map((entry) => entry.MessageGroupId)).toEqual(['01J8XK0001', '01J8XK0002']);
  });

  test('a numeric group key becomes its decimal string', async () => {
    await forwardBatch([record(1, orderEvent(1, 9921))], PER_ORDER, sqs, recordingLogger());

    expect(sentEntries()[0].MessageGroupId).toBe('9921');
  });

  test('without detail.metadata.eventId the dedup id falls back to the EventBridge id', async () => {
    await forwardBatch([record(7, orderEvent(7, 'ord_1', MISSING))], PER_ORDER, sqs, recordingLogger());

    expect(sentEntries()[0].MessageDeduplicationId).toBe('eb-7');
  });

  test('an eventId SQS would reject (too long) is hashed, the same way every time', async () => {
    const longId = 'x'.repeat(200);
    await forwardBatch([record(1, orderEvent(1, 'ord_1', longId))], PER_ORDER, sqs, recordingLogger());
    await forwardBatch([record(2, orderEvent(2, 'ord_1', longId))], PER_ORDER, sqs, recordingLogger());

    const first = sentEntries(0)[0].MessageDeduplicationId!;
    expect(first).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(sentEntries(1)[0].MessageDeduplicationId).toBe(first);
  });

  test('a group key with characters SQS rejects (spaces, non-ASCII) is hashed', async () => {
    await forwardBatch([record(1, orderEvent(1, 'order ü 1'))], PER_ORDER, sqs, recordingLogger());

    expect(sentEntries()[0].MessageGroupId).toMatch(/^sha256-[0-9a-f]{64}$/);
  });

  test('25 records of distinct orders go out in SendMessageBatch calls of at most 10, in order', async () => {
    const records = Array.from({ length: 25 }, (_, n) => record(n, orderEvent(n, `ord_${n}`)));

    const result = await forwardBatch(records, PER_ORDER, sqs, recordingLogger());

    expect(result.batchItemFailures).toEqual([]);
    const calls = sqsMock.commandCalls(SendMessageBatchCommand);
    expect(calls.map((call) => call.args[0].input.Entries!.length)).toEqual([10, 10, 5]);
    const bodies = calls.flatMap((call) => call.args[0].input.Entries!.map((entry) => entry.MessageBody));
    expect(bodies).toEqual(records.map((r) => r.body));
  });

  test('an event without the group key fails clearly on its own; the events around it are forwarded', async () => {
    const logger = recordingLogger();
    const records = [record(1), record(2, orderEvent(2, MISSING)), record(3)];

    const result = await forwardBatch(records, PER_ORDER, sqs, logger);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    expect(sentEntries().map((entry) => entry.MessageBody)).toEqual([record(1).body, record(3).body]);
    expect(logger.logged).toHaveLength(1);
    expect(logger.logged[0].messageId).toBe('m-2');
    expect(logger.logged[0].error).toBeInstanceOf(GroupKeyMissingError);
    expect(logger.logged[0].error.message).toMatch(/event 01J8XK0002 \(message m-2\) has no group key at \$\.detail\.data\.orderId \(found nothing\)/);
  });

  test('with a dead-letter queue, an event without the group key is parked there with its reason and not retried', async () => {
    const records = [record(1), record(2, orderEvent(2, MISSING)), record(3)];

    const result = await forwardBatch(records, WITH_DLQ, sqs, recordingLogger());

    expect(result.batchItemFailures).toEqual([]);
    const calls = sqsMock.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input);
    const parked = calls.find((input) => input.QueueUrl === DLQ_URL)!;
    expect(parked.Entries).toEqual([
      {
        Id: '0',
        MessageBody: records[1].body,
        MessageAttributes: {
          ErrorType: { DataType: 'String', StringValue: 'GroupKeyMissingError' },
          ErrorMessage: { DataType: 'String', StringValue: expect.stringMatching(/has no group key at \$\.detail\.data\.orderId/) },
          ParkedAt: { DataType: 'String', StringValue: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
          ParkedBy: { DataType: 'String', StringValue: 'forwarder' },
          EventId: { DataType: 'String', StringValue: '01J8XK0002' },
        },
      },
    ]);
    const forwarded = calls.find((input) => input.QueueUrl === QUEUE_URL)!;
    expect(forwarded.Entries!.map((entry) => entry.MessageBody)).toEqual([records[0].body, records[2].body]);
  });

  test('an event that cannot be parked is reported as a failure, alone', async () => {
    sqsMock.on(SendMessageBatchCommand, { QueueUrl: DLQ_URL }).rejects(new Error('access denied'));
    const records = [record(1, 'not json'), record(2)];

    const result = await forwardBatch(records, WITH_DLQ, sqs, recordingLogger());

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(sqsMock.commandCalls(SendMessageBatchCommand, { QueueUrl: QUEUE_URL })).toHaveLength(1);
  });

  test('a group key that is an object or empty string is treated as missing', async () => {
    const logger = recordingLogger();

    const objectKey = await forwardBatch([record(1, orderEvent(1, { id: 1 }))], PER_ORDER, sqs, logger);
    const emptyKey = await forwardBatch([record(2, orderEvent(2, ''))], PER_ORDER, sqs, logger);

    expect(objectKey.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(emptyKey.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    expect(logger.logged.map((entry) => entry.error.constructor)).toEqual([GroupKeyMissingError, GroupKeyMissingError]);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  test('a body that is not JSON fails as a malformed event', async () => {
    const logger = recordingLogger();

    const result = await forwardBatch([record(1, 'not json')], PER_ORDER, sqs, logger);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(logger.logged[0].error).toBeInstanceOf(MalformedEventError);
  });

  test('an entry SQS rejects fails with the later records of its entity; other entities are forwarded', async () => {
    sqsMock.on(SendMessageBatchCommand).callsFakeOnce((input) => ({
      Successful: input.Entries.filter((entry: { Id: string }) => entry.Id !== '1').map((entry: { Id: string }) => ({ Id: entry.Id })),
      Failed: [{ Id: '1', Code: 'InternalError', Message: 'try again', SenderFault: false }],
    }))
      .callsFake((input) => ({ Successful: input.Entries.map((entry: { Id: string }) => ({ Id: entry.Id })) }));
    // ord_0: m-0, m-3, m-6; ord_1: m-1, m-4, m-7; ord_2: m-2, m-5, m-8. The first call carries m-0..m-2.
    const records = Array.from({ length: 9 }, (_, n) => record(n));
    const logger = recordingLogger();

    const result = await forwardBatch(records, PER_ORDER, sqs, logger);

    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['m-1', 'm-4', 'm-7']);
    const sent = sqsMock.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries!.map((e) => e.MessageBody));
    expect(sent).not.toContain(records[4].body);
    expect(sent).toContain(records[8].body);
    expect(logger.logged[0].error.message).toMatch(/InternalError: try again/);
  });

  test('a failing SendMessageBatch call fails its entries and their entities; earlier calls stay sent', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .callsFakeOnce((input) => ({ Successful: input.Entries.map((entry: { Id: string }) => ({ Id: entry.Id })) }))
      .rejectsOnce(new Error('socket hang up'));
    // Two events per order: round 1 sends every order's first event, round 2 their second.
    const records = [...Array.from({ length: 5 }, (_, n) => record(n, orderEvent(n, `ord_${n}`))), ...Array.from({ length: 5 }, (_, n) => record(n + 5, orderEvent(n + 5, `ord_${n}`)))];
    const logger = recordingLogger();

    const result = await forwardBatch(records, PER_ORDER, sqs, logger);

    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(records.slice(5).map((r) => r.messageId));
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
    expect(logger.logged[0]).toMatchObject({ message: 'SendMessageBatch failed', messageId: 'm-5' });
    expect(logger.logged[0].error.message).toMatch(/socket hang up; it will be retried/);
  });

  test('an empty batch sends nothing and fails nothing', async () => {
    const result = await forwardBatch([], PER_ORDER, sqs, recordingLogger());

    expect(result.batchItemFailures).toEqual([]);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});

describe('loadForwardingConfig', () => {
  test('a missing TARGET_QUEUE_URL is named in the error', () => {
    expect(() => loadForwardingConfig({})).toThrow(/TARGET_QUEUE_URL is not set/);
  });

  test('a non-FIFO target queue is refused', () => {
    expect(() => loadForwardingConfig({ TARGET_QUEUE_URL: 'https://q/standard' })).toThrow(/not a FIFO queue/);
  });

  test('an invalid GROUP_KEY_PATH is refused at cold start', () => {
    expect(() => loadForwardingConfig({ TARGET_QUEUE_URL: QUEUE_URL, GROUP_KEY_PATH: '$.a[*]' })).toThrow(
      /GROUP_KEY_PATH: group key path "\$\.a\[\*\]" is invalid/,
    );
  });

  test('a FIFO dead-letter queue is refused: the buffer and its DLQ are standard queues', () => {
    expect(() => loadForwardingConfig({ TARGET_QUEUE_URL: QUEUE_URL, DEAD_LETTER_QUEUE_URL: 'https://q/dlq.fifo' })).toThrow(
      /DEAD_LETTER_QUEUE_URL https:\/\/q\/dlq\.fifo is a FIFO queue/,
    );
  });
});
