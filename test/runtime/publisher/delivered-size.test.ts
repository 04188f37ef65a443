import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import fc from 'fast-check';
import { validatePutEvents } from '../../../local/eventbridge';
import {
  EventTooLargeError,
  MAX_DELIVERED_EVENT_BYTES,
  SQS_MAX_MESSAGE_BYTES,
  assertDeliverableSize,
  deliveredEventSize,
} from '../../../runtime/publisher/index';

/** An entry whose delivered form is exactly `bytes` long (with the default, worst-case region). */
function entryOfDeliveredSize(bytes: number): PutEventsRequestEntry {
  const base = { Source: 'orders-service', DetailType: 'OrderPlaced', Detail: JSON.stringify({ data: { pad: '' } }) };
  const pad = bytes - deliveredEventSize(base);
  return { ...base, Detail: JSON.stringify({ data: { pad: 'x'.repeat(pad) } }) };
}

describe('deliveredEventSize', () => {
  test('is exactly the size of the event the local EventBridge delivers, for any entry', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
        fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.boolean())),
        fc.array(fc.string({ minLength: 1, maxLength: 30 }), { maxLength: 3 }),
        (source, detailType, detail, resources) => {
          const entry = { Source: source, DetailType: detailType, Detail: JSON.stringify(detail), Resources: resources };
          const { accepted, response } = validatePutEvents({ Entries: [entry] }, { region: 'eu-west-1', account: '123456789012' });
          fc.pre(accepted.length === 1 && response.FailedEntryCount === 0);
          const delivered = Buffer.byteLength(JSON.stringify(accepted[0]!.event), 'utf8');
          expect(deliveredEventSize(entry, { region: accepted[0]!.event.region, account: accepted[0]!.event.account })).toBe(delivered);
        },
      ),
    );
  });

  test('with no region given, counts a region longer than any AWS region code', () => {
    const entry = { Source: 's', DetailType: 'd', Detail: '{}' };
    expect(deliveredEventSize(entry)).toBeGreaterThan(deliveredEventSize(entry, { region: 'ap-southeast-5' }));
  });

  test('counts a detail with whitespace at its written size, never at a smaller re-serialized one', () => {
    const spaced = { Source: 's', DetailType: 'd', Detail: '{ "a" :  1 }' };
    expect(deliveredEventSize(spaced)).toBe(deliveredEventSize({ ...spaced, Detail: '{"a":1}' }) + 5);
  });
});

describe('assertDeliverableSize at the limit', () => {
  test('the limit leaves 8 KiB of the 1 MiB SQS message for parking attributes', () => {
    expect(MAX_DELIVERED_EVENT_BYTES).toBe(SQS_MAX_MESSAGE_BYTES - 8192);
  });

  test('one byte under the limit passes', () => {
    expect(assertDeliverableSize(entryOfDeliveredSize(MAX_DELIVERED_EVENT_BYTES - 1))).toBe(MAX_DELIVERED_EVENT_BYTES - 1);
  });

  test('exactly the limit passes', () => {
    expect(assertDeliverableSize(entryOfDeliveredSize(MAX_DELIVERED_EVENT_BYTES))).toBe(MAX_DELIVERED_EVENT_BYTES);
  });

  test('one byte over the limit throws, naming the size, the limit and what to do', () => {
    const attempt = () => assertDeliverableSize(entryOfDeliveredSize(MAX_DELIVERED_EVENT_BYTES + 1));
    expect(attempt).toThrow(EventTooLargeError);
    expect(attempt).toThrow(
      `event is ${MAX_DELIVERED_EVENT_BYTES + 1} bytes as delivered (EventBridge envelope included), over the ${MAX_DELIVERED_EVENT_BYTES}-byte limit`,
    );
    expect(attempt).toThrow(/by 1 bytes .*publish a reference to the payload/);
  });

  test('an entry within PutEvents\' 1 MiB can still be too big once delivered', () => {
    const entry = entryOfDeliveredSize(SQS_MAX_MESSAGE_BYTES);
    expect(Buffer.byteLength(entry.Detail!) + 'orders-service'.length + 'OrderPlaced'.length).toBeLessThan(SQS_MAX_MESSAGE_BYTES);
    expect(() => assertDeliverableSize(entry)).toThrow(EventTooLargeError);
  });

  test('a smaller limit can be given (e.g. a path with a 256 KiB queue)', () => {
    expect(() => assertDeliverableSize(entryOfDeliveredSize(262_145), 262_144)).toThrow(/over the 262144-byte limit/);
  });
});
