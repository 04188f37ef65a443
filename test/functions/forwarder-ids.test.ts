import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { forwardBatch, isValidSqsId, loadForwardingConfig, toForwardedMessage, toSqsId } from '../../runtime/forwarding';

// Ids and group keys come from producers' events: property-test the derivations SQS depends on.
const CONFIG = loadForwardingConfig({
  TARGET_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/c.fifo',
  GROUP_KEY_PATH: '$.detail.data.orderId',
  STATIC_GROUP_ID: 'c',
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
});

describe('forwardBatch ordering', () => {
  const sqsMock = mockClient(SQSClient);
  const sqs = new SQSClient({ region: 'eu-west-1' });

  test('forwards every event with a group key, in order, and fails exactly those without one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.constantFrom('ord_1', 'ord_2', 'ord_3'), { nil: undefined }), { maxLength: 30 }), async (keys) => {
        sqsMock.reset();
        sqsMock.on(SendMessageBatchCommand).callsFake((input) => ({
          Successful: input.Entries.map((entry: { Id: string }) => ({ Id: entry.Id })),
        }));
        const records = keys.map((orderId, n) => ({
          messageId: `m-${n}`,
          body: JSON.stringify({ id: `eb-${n}`, detail: { metadata: { eventId: `e-${n}` }, data: orderId === undefined ? {} : { orderId } } }),
        }));

        const result = await forwardBatch(records, CONFIG, sqs, { error: () => undefined });

        const sent = sqsMock
          .commandCalls(SendMessageBatchCommand)
          .flatMap((call) => call.args[0].input.Entries!.map((entry) => entry.MessageDeduplicationId));
        expect(sent).toEqual(keys.flatMap((key, n) => (key === undefined ? [] : [`e-${n}`])));
        expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
          keys.flatMap((key, n) => (key === undefined ? [`m-${n}`] : [])),
        );
      }),
      { numRuns: 200 },
    );
  });

  test('after an entry SQS rejects, no later event of the batch is sent before it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 30 }), fc.nat(), async (size, seed) => {
        const rejected = seed % size;
        sqsMock.reset();
        let offset = 0;
        sqsMock.on(SendMessageBatchCommand).callsFake((input) => {
          const ids = input.Entries.map((entry: { Id: string }) => Number(entry.Id) + offset);
          offset += input.Entries.length;
          return {
            Successful: input.Entries.filter((_: unknown, i: number) => ids[i] !== rejected).map((entry: { Id: string }) => ({ Id: entry.Id })),
            Failed: ids.includes(rejected) ? [{ Id: String(rejected % 10), Code: 'InternalError', SenderFault: false }] : [],
          };
        });
        const records = Array.from({ length: size }, (_, n) => ({
          messageId: `m-${n}`,
          body: JSON.stringify({ id: `eb-${n}`, detail: { metadata: { eventId: `e-${n}` }, data: { orderId: `ord_${n % 4}` } } }),
        }));

        const result = await forwardBatch(records, CONFIG, sqs, { error: () => undefined });

        expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(records.slice(rejected).map((r) => r.messageId));
        // Nothing after the rejected chunk was attempted.
        expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(Math.floor(rejected / 10) + 1);
      }),
      { numRuns: 200 },
    );
  });
});
