import { SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { forwardBatch, loadForwardingConfig, MAX_BATCH_BYTES, type ForwardingLogger } from '../../../runtime/forwarding';

// The forwarder's SendMessageBatch calls must respect SQS's per-call limits (10 entries, 1 MiB
// of bodies + attributes) and carry at most one message per group, so that SQS can never accept
// an entity's later event while rejecting its earlier one in the same call.
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/inventory-queue.fifo';
const PER_ORDER = loadForwardingConfig({ TARGET_QUEUE_URL: QUEUE_URL, GROUP_KEY_PATH: '$.detail.data.orderId' });

const sqsMock = mockClient(SQSClient);
const sqs = new SQSClient({ region: 'eu-west-1' });
const quiet: ForwardingLogger = { error: () => undefined };

function record(n: number, orderId: string, padBytes = 0) {
  const body = JSON.stringify({
    version: '0',
    id: `eb-${n}`,
    source: 'orders-service',
    'detail-type': 'OrderPlaced',
    detail: { metadata: { eventId: `evt-${n}` }, data: { orderId, pad: 'x'.repeat(padBytes) } },
  });
  return { messageId: `m-${n}`, body };
}

const bytesOf = (entries: readonly SendMessageBatchRequestEntry[]) =>
  entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody ?? '', 'utf8'), 0);
const calls = () => sqsMock.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input.Entries!);

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageBatchCommand).callsFake((input) => ({
    Successful: input.Entries.map((entry: { Id: string }) => ({ Id: entry.Id, MessageId: `sqs-${entry.Id}` })),
    Failed: [],
  }));
});

describe('forwardBatch call limits', () => {
  test('no call carries more than 1 MiB of message bodies, even with fewer than 10 entries', async () => {
    // Three events of ~400 KB each: 10 fit the count limit, but only 2 fit one call's 1 MiB.
    const records = [record(1, 'a', 400_000), record(2, 'b', 400_000), record(3, 'c', 400_000)];

    const result = await forwardBatch(records, PER_ORDER, sqs, quiet);

    expect(result.batchItemFailures).toEqual([]);
    expect(calls().map((entries) => entries.length)).toEqual([2, 1]);
    for (const entries of calls()) expect(bytesOf(entries)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
  });

  test('bodies summing to exactly 1 MiB share one call; one byte more splits it', async () => {
    const overhead = Buffer.byteLength(record(1, 'a').body);
    const half = MAX_BATCH_BYTES / 2 - overhead;
    const exact = [record(1, 'a', half), record(2, 'b', half)];
    expect(bytesOf(exact.map((r) => ({ Id: '', MessageBody: r.body })))).toBe(MAX_BATCH_BYTES);

    await forwardBatch(exact, PER_ORDER, sqs, quiet);
    expect(calls().map((entries) => entries.length)).toEqual([2]);

    sqsMock.resetHistory();
    await forwardBatch([record(1, 'a', half), record(2, 'b', half + 1)], PER_ORDER, sqs, quiet);
    expect(calls().map((entries) => entries.length)).toEqual([1, 1]);
  });

  test('one call never carries two messages of the same group; the earlier one goes first', async () => {
    const records = [record(1, 'ord_1'), record(2, 'ord_2'), record(3, 'ord_1'), record(4, 'ord_1')];

    await forwardBatch(records, PER_ORDER, sqs, quiet);

    for (const entries of calls()) {
      const groups = entries.map((e) => e.MessageGroupId);
      expect(new Set(groups).size).toBe(groups.length);
    }
    const ord1 = calls().flatMap((entries) => entries.filter((e) => e.MessageGroupId === 'ord_1').map((e) => e.MessageDeduplicationId));
    expect(ord1).toEqual(['evt-1', 'evt-3', 'evt-4']);
  });

  test("an entity's later event is never sent once its earlier one was rejected; other entities go on", async () => {
    sqsMock.on(SendMessageBatchCommand).callsFakeOnce((input) => ({
      Successful: input.Entries.filter((e: SendMessageBatchRequestEntry) => e.MessageGroupId !== 'ord_1').map((e: SendMessageBatchRequestEntry) => ({ Id: e.Id })),
      Failed: input.Entries.filter((e: SendMessageBatchRequestEntry) => e.MessageGroupId === 'ord_1').map((e: SendMessageBatchRequestEntry) => ({
        Id: e.Id,
        Code: 'InternalError',
        SenderFault: false,
      })),
    }))
      .callsFake((input) => ({ Successful: input.Entries.map((e: SendMessageBatchRequestEntry) => ({ Id: e.Id })) }));
    const records = [record(1, 'ord_1'), record(2, 'ord_2'), record(3, 'ord_1'), record(4, 'ord_2')];

    const result = await forwardBatch(records, PER_ORDER, sqs, quiet);

    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-1', 'm-3']);
    const sent = calls().flat().map((e) => e.MessageDeduplicationId);
    expect(sent).not.toContain('evt-3');
    expect(sent).toContain('evt-4');
  });

  test('without an ordering key each event is its own group, so events never wait for one another', async () => {
    const unordered = loadForwardingConfig({ TARGET_QUEUE_URL: QUEUE_URL });
    const records = Array.from({ length: 10 }, (_, n) => record(n, 'same-order'));

    await forwardBatch(records, unordered, sqs, quiet);

    expect(calls()).toHaveLength(1);
    expect(calls()[0].map((e) => e.MessageGroupId)).toEqual(records.map((_, n) => `evt-${n}`));
  });
});
