import fc from 'fast-check';
import { consumerSpec } from '../../../cli/add-consumer/index';
import { fixtureEvent } from '../../../cli/add-consumer/fixture-event';
import { matchesPattern } from '../../../local/eventbridge/index';
import { parseEventBridgeEvent } from '../../../runtime/envelope/index';

const fixtureFor = (pattern: object, orderBy?: string) => fixtureEvent(consumerSpec({ name: 'audit', pattern: JSON.stringify(pattern), orderBy }));

describe('fixtureEvent', () => {
  test('is an enveloped EventBridge event the consumer parses: eventId and sequence in detail.metadata', () => {
    const { event } = fixtureFor({ source: ['orders-service'], 'detail-type': ['OrderPaid'] }, '$.detail.data.orderId');
    const consumed = parseEventBridgeEvent(event, { requireEnvelope: true });

    expect(consumed).toMatchObject({ source: 'orders-service', detailType: 'OrderPaid', idempotencyKeySource: 'envelope', sequence: 1 });
    expect(consumed.metadata).toMatchObject({ eventType: 'order.paid', eventVersion: '1', producer: 'orders-service' });
    expect(consumed.data).toEqual({ orderId: 'example-orderId' });
  });

  test('is the same every time, so generating twice writes the same file', () => {
    const pattern = { source: ['a'], detail: { data: { n: [{ numeric: ['>', 1] }] } } };

    expect(fixtureFor(pattern)).toEqual(fixtureFor(pattern));
  });

  test.each([
    ['prefix', { source: [{ prefix: 'orders-' }] }],
    ['suffix', { detail: { data: { file: [{ suffix: '.png' }] } } }],
    ['equals-ignore-case', { 'detail-type': [{ 'equals-ignore-case': 'orderpaid' }] }],
    ['wildcard', { detail: { data: { path: [{ wildcard: 'orders/*/items/\\*' }] } } }],
    ['numeric range', { detail: { data: { total: [{ numeric: ['>', 100, '<=', 500] }] } } }],
    ['numeric equality', { detail: { data: { total: [{ numeric: ['=', 7] }] } } }],
    ['anything-but values', { source: ['s'], detail: { data: { state: [{ 'anything-but': ['example', 'other'] }] } } }],
    ['anything-but prefix', { source: ['s'], detail: { data: { state: [{ 'anything-but': { prefix: 'ex' } }] } } }],
    ['exists', { source: ['s'], detail: { data: { coupon: [{ exists: true }] } } }],
    ['does not exist', { source: ['s'], detail: { metadata: { causationId: [{ exists: false }] } } }],
    ['cidr', { source: ['s'], detail: { data: { ip: [{ cidr: '10.1.0.0/16' }] } } }],
    ['$or in detail', { source: ['s'], detail: { $or: [{ data: { a: [1] } }, { data: { b: [2] } }] } }],
    ['resources', { resources: ['arn:aws:s3:::bucket'] }],
    ['null and booleans', { source: ['s'], detail: { data: { gone: [null], vip: [true] } } }],
  ])('matches a pattern with %s', (_kind, pattern) => {
    const { event, matches } = fixtureFor(pattern);

    expect(matches).toBe(true);
    expect(matchesPattern(pattern, event)).toBe(true);
    expect(() => parseEventBridgeEvent(event)).not.toThrow();
  });

  test('puts a value at an ordering key the pattern does not constrain', () => {
    const { event } = fixtureFor({ source: ['billing'] }, '$.detail.data.customer.id');

    expect((event['detail'] as { data: unknown }).data).toEqual({ customer: { id: 'example-id' } });
  });

  test('matches any pattern of exact values and prefixes on detail fields (property)', () => {
    const leaf = fc.oneof(
      fc.string({ minLength: 1, maxLength: 8 }),
      fc.integer({ min: -1000, max: 1000 }),
      fc.boolean(),
      fc.string({ minLength: 1, maxLength: 5 }).map((prefix) => ({ prefix })),
      fc.integer({ min: -100, max: 100 }).map((low) => ({ numeric: ['>=', low, '<', low + 10] })),
    );
    const field = fc.stringMatching(/^[a-z][a-zA-Z]{0,6}$/);
    fc.assert(
      fc.property(fc.dictionary(field, fc.array(leaf, { minLength: 1, maxLength: 3 }), { minKeys: 1, maxKeys: 4 }), (data) => {
        const pattern = { source: ['s'], detail: { data } };
        expect(fixtureFor(pattern).matches).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
