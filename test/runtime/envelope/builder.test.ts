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

  test('puts a sequence number in the metadata', () => {
    const event = createEvent({ source: 's', detailType: 'X', eventType: 'x.y', data: {}, sequence: 7 });
    expect((event.detail as unknown as { metadata: { sequence: number } }).metadata.sequence).toBe(7);
  });

  test.each([0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, '2'])('refuses sequence %p, naming the field', (sequence) => {
    const build = () => createEvent({ source: 's', detailType: 'X', eventType: 'x.y', data: {}, sequence: sequence as number });
    expect(build).toThrow(InvalidEventInputError);
    expect(build).toThrow(/sequence must be a positive integer/);
  });

  test('refuses what every consumer parser would reject, naming the field', () => {
    const base = { source: 's', detailType: 'X', eventType: 'x.y', data: {} };
    expect(() => createEvent({ ...base, correlationId: 42 as unknown as string })).toThrow(/correlationId must be a non-empty string/);
    expect(() => createEvent({ ...base, causationId: '' })).toThrow(/causationId must be a non-empty string/);
    expect(() => createEvent({ ...base, eventVersion: 'v1' })).toThrow(/eventVersion must be MAJOR or MAJOR.MINOR/);
    expect(() => createEvent({ ...base, eventVersion: '1.01' })).toThrow(/eventVersion/);
    expect(() => createEvent({ ...base, data: 'text' })).toThrow(/data must be a JSON object/);
    expect(() => createEvent({ ...base, data: [1] })).toThrow(/data must be a JSON object/);
    expect(() => createEvent({ ...base, data: null })).toThrow(/data must be a JSON object/);
  });
});
