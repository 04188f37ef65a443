import { contentHash } from '../../../runtime/sequencing/index';

const detail = (data: unknown, metadata: Record<string, unknown> = {}) => ({
  metadata: { eventId: 'e1', eventType: 'order.placed', eventVersion: '1', occurredAt: '2026-11-30T10:00:00Z', producer: 'p', ...metadata },
  data,
});

describe('contentHash', () => {
  test('the same fact published again (new occurredAt, correlation id) has the same hash', () => {
    expect(contentHash('s', 'OrderPlaced', detail({ a: 1 }, { occurredAt: '2026-11-30T11:00:00Z', correlationId: 'c2' }))).toBe(
      contentHash('s', 'OrderPlaced', detail({ a: 1 })),
    );
  });

  test('different data, sequence, type, source or detail-type give different hashes', () => {
    const base = contentHash('s', 'OrderPlaced', detail({ a: 1 }));
    expect(contentHash('s', 'OrderPlaced', detail({ a: 2 }))).not.toBe(base);
    expect(contentHash('s', 'OrderPlaced', detail({ a: 1 }, { sequence: 2 }))).not.toBe(base);
    expect(contentHash('s', 'OrderPlaced', detail({ a: 1 }, { eventType: 'order.paid' }))).not.toBe(base);
    expect(contentHash('t', 'OrderPlaced', detail({ a: 1 }))).not.toBe(base);
    expect(contentHash('s', 'OrderPaid', detail({ a: 1 }))).not.toBe(base);
  });

  test('an event without the envelope is fingerprinted by its whole detail', () => {
    expect(contentHash('aws.s3', 'Object Created', { bucket: 'b' })).not.toBe(contentHash('aws.s3', 'Object Created', { bucket: 'c' }));
  });
});
