import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { forwardBatch, isValidSqsId, loadForwardingConfig, toForwardedMessage, toSqsId } from '../../runtime/forwarding';

// Ids and group keys come from producers' events: property-test the derivations SQS depends on.
const CONFIG = loadForwardingConfig({
  TARGET_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/c.fifo',
  GROUP_KEY_PATH: '$.detail.data.orderId',
});

describe('toSqsId', () => {
  test('always yields an id SQS accepts (1-128 printable ASCII, no space)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 400, unit: 'binary' }), (value) => {
        expect(isValidSqsId(toSqsId(value))).toBe(true);
      }),
    );
  });

  test('keeps an id SQS already accepts unchanged', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\x21-\x7E]{1,128}$/), (value) => {
        expect(toSqsId(value)).toBe(value);
      }),
    );
  });

  test('is deterministic and keeps distinct invalid values apart', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 129, maxLength: 300 }), fc.string({ minLength: 129, maxLength: 300 }), (a, b) => {
        expect(toSqsId(a)).toBe(toSqsId(a));
        if (a !== b) expect(toSqsId(a)).not.toBe(toSqsId(b));
      }),
    );
  });
});

describe('toForwardedMessage', () => {
  test('groups by the orderId and dedupes by the eventId for any producer values', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.string({ minLength: 1, maxLength: 200 }), (orderId, eventId) => {
        const body = JSON.stringify({ id: 'eb', detail: { metadata: { eventId }, data: { orderId } } });
        const message = toForwardedMessage('m', body, CONFIG);
        expect(message.body).toBe(body);
        expect(message.messageGroupId).toBe(toSqsId(orderId));
        expect(message.messageDeduplicationId).toBe(toSqsId(eventId));
      }),
    );
  });

  test('a copy from a reprocess replay is deduplicated by eventId#replay-name, so the FIFO queue does not drop it', () => {
    const event = { id: 'eb', detail: { metadata: { eventId: 'evt-1' }, data: { orderId: 'ord_1' } } };
    const live = toForwardedMessage('m1', JSON.stringify(event), CONFIG);
    const reprocessed = toForwardedMessage('m2', JSON.stringify({ ...event, 'replay-name': 'reprocess-inventory-abc' }), CONFIG);
    const again = toForwardedMessage('m3', JSON.stringify({ ...event, 'replay-name': 'reprocess-inventory-def' }), CONFIG);
    expect(reprocessed.messageDeduplicationId).toBe('evt-1#reprocess-inventory-abc');
    expect(again.messageDeduplicationId).toBe('evt-1#reprocess-inventory-def');
    // Same entity group as the live event: a reprocessed copy is applied in its entity's arrival order.
    expect(reprocessed.messageGroupId).toBe(live.messageGroupId);
  });

  test('a copy from any other replay keeps the eventId as deduplication id: the queue drops it within 5 minutes', () => {
    const event = { id: 'eb', 'replay-name': 'replay-inventory-abc', detail: { metadata: { eventId: 'evt-1' }, data: { orderId: 'ord_1' } } };
    expect(toForwardedMessage('m', JSON.stringify(event), CONFIG).messageDeduplicationId).toBe('evt-1');
    expect(toForwardedMessage('m', JSON.stringify({ ...event, 'replay-name': 'reprocess-' }), CONFIG).messageDeduplicationId).toBe('evt-1');
  });
});

describe('forwardBatch ordering', () => {
  const sqsMock = mockClient(SQSClient);
  const sqs = new SQSClient({ region: 'eu-west-1' });
  const bodyOf = (n: number, orderId: string | undefined) =>
    JSON.stringify({ id: `eb-${n}`, detail: { metadata: { eventId: `e-${n}` }, data: orderId === undefined ? {} : { orderId } } });

  test("forwards every event with a group key, each entity's in order, and fails exactly those without one", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.constantFrom('ord_1', 'ord_2', 'ord_3'), { nil: undefined }), { maxLength: 30 }), async (keys) => {
        sqsMock.reset();
        sqsMock.on(SendMessageBatchCommand).callsFake((input) => ({
          Successful: input.Entries.map((entry: { Id: string }) => ({ Id: entry.Id })),
        }));
        const records = keys.map((orderId, n) => ({ messageId: `m-${n}`, body: bodyOf(n, orderId) }));

        const result = await forwardBatch(records, CONFIG, sqs, { error: () => undefined });

        const calls = sqsMock.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input.Entries!);
        for (const key of ['ord_1', 'ord_2', 'ord_3']) {
          const sentOfKey = calls.flatMap((entries) => entries.filter((e) => e.MessageGroupId === key).map((e) => e.MessageDeduplicationId));
          expect(sentOfKey).toEqual(keys.flatMap((k, n) => (k === key ? [`e-${n}`] : [])));
        }
        for (const entries of calls) expect(new Set(entries.map((e) => e.MessageGroupId)).size).toBe(entries.length);
        expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
          keys.flatMap((key, n) => (key === undefined ? [`m-${n}`] : [])),
        );
      }),
      { numRuns: 200 },
    );
  });

  test('after SQS rejects an event, no later event of its entity is sent, and every other entity is', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('ord_0', 'ord_1', 'ord_2', 'ord_3'), { minLength: 1, maxLength: 30 }), fc.nat(), async (keys, seed) => {
        const rejected = `e-${seed % keys.length}`;
        sqsMock.reset();
        sqsMock.on(SendMessageBatchCommand).callsFake((input) => ({
          Successful: input.Entries.filter((e: { MessageDeduplicationId: string }) => e.MessageDeduplicationId !== rejected).map((e: { Id: string }) => ({ Id: e.Id })),
          Failed: input.Entries.filter((e: { MessageDeduplicationId: string }) => e.MessageDeduplicationId === rejected).map((e: { Id: string }) => ({
            Id: e.Id,
            Code: 'InternalError',
            SenderFault: false,
          })),
        }));
        const records = keys.map((orderId, n) => ({ messageId: `m-${n}`, body: bodyOf(n, orderId) }));

        const result = await forwardBatch(records, CONFIG, sqs, { error: () => undefined });

        const index = seed % keys.length;
        const blocked = keys.flatMap((key, n) => (key === keys[index] && n >= index ? [n] : []));
        expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(blocked.map((n) => `m-${n}`));
        const sent = sqsMock.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries!.map((e) => e.MessageDeduplicationId));
        expect(sent.sort()).toEqual(keys.flatMap((_, n) => (blocked.includes(n) && n !== index ? [] : [`e-${n}`])).sort());
      }),
      { numRuns: 200 },
    );
  });
});
