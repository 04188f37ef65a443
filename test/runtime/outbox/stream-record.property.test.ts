import fc from 'fast-check';
import type { DynamoDBRecord } from 'aws-lambda';
import { createEvent } from '../../../runtime/envelope/index';
import { MalformedOutboxRowError, readOutboxStreamRecord, toOutboxRow } from '../../../runtime/outbox/index';

const attribute = fc.oneof(
  fc.record({ S: fc.string() }),
  fc.record({ N: fc.integer().map(String) }),
  fc.record({ BOOL: fc.boolean() }),
  fc.record({ S: fc.jsonValue().map((v) => JSON.stringify(v)) }),
);

test('property: any NewImage either reads as a publishable event or throws MalformedOutboxRowError with a reason', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom('pk', 'sk', 'source', 'detailType', 'detail', 'expiresAt', 'other'), attribute),
      fc.option(fc.bigInt({ min: 1n, max: 10n ** 30n }).map(String), { nil: undefined }),
      (image, sequenceNumber) => {
        const record: DynamoDBRecord = { eventName: 'INSERT', dynamodb: { NewImage: image as never, SequenceNumber: sequenceNumber } };
        try {
          const read = readOutboxStreamRecord(record, 1_048_576);
          expect(read.eventId).toBe((image['sk'] as { S?: string }).S);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedOutboxRowError);
          expect((error as MalformedOutboxRowError).reason.length).toBeGreaterThan(0);
        }
      },
    ),
    { numRuns: 400 },
  );
});

test('property: every row the writer builds reads back to the same event', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), fc.jsonValue(), (orderId, data) => {
      const event = createEvent({ source: 'orders-service', detailType: 'OrderPlaced', eventType: 'order.placed', data: { orderId, data } });
      const row = toOutboxRow({ entityKey: `order#${orderId}`, event }, Date.now(), 60);
      if (typeof row === 'string') throw new Error(row);
      const read = readOutboxStreamRecord({ eventName: 'INSERT', dynamodb: { NewImage: row as never, SequenceNumber: '1' } }, 1_048_576);
      expect(read.entityKey).toBe(`order#${orderId}`);
      expect(JSON.parse(read.event.detail as string)).toEqual(JSON.parse(JSON.stringify(event.detail)));
    }),
    { numRuns: 200 },
  );
});
