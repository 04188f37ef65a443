import { InvalidEventInputError, createEvent, newEventId } from '../../../runtime/envelope/index';

describe('createEvent', () => {
  test('fills the envelope: ULID eventId, version 1, producer = source, occurredAt', () => {
    const occurredAt = new Date('2026-11-23T10:30:42.123Z');
    const event = createEvent({
      source: 'orders-service',
      detailType: 'OrderPlaced',
      eventType: 'order.placed',
      data: { orderId: 'ord_1' },
      occurredAt,
    });
    const { metadata } = event.detail as unknown as { metadata: Record<string, string> };
    expect(metadata['eventId']).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(metadata).toMatchObject({
      eventType: 'order.placed',
      eventVersion: '1',
      producer: 'orders-service',
      occurredAt: '2026-11-23T10:30:42.123Z',
    });
    expect(event.time).toEqual(occurredAt);
  });

  test('event ids created in one millisecond still sort in creation order', () => {
    const ids = Array.from({ length: 50 }, () => newEventId(1_800_000_000_000));
    expect([...ids].sort()).toEqual(ids);
  });

  test('an empty source is refused with the field name', () => {
    expect(() => createEvent({ source: '', detailType: 'X', eventType: 'x.y', data: {} })).toThrow(InvalidEventInputError);
    expect(() => createEvent({ source: '', detailType: 'X', eventType: 'x.y', data: {} })).toThrow(/source/);
  });
});
