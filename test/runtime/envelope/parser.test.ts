import fc from 'fast-check';
import {
  EventRejectedByValidatorError,
  MalformedEventError,
  createEvent,
  parseEventBridgeEvent,
  parseSqsMessageBody,
} from '../../../runtime/envelope/index';

const enveloped = () => {
  const event = createEvent({
    source: 'orders-service',
    detailType: 'OrderPlaced',
    eventType: 'order.placed',
    data: { orderId: 'ord_1' },
    correlationId: 'req_1',
  });
  return {
    version: '0',
    id: 'eb-id-1',
    'detail-type': event.detailType,
    source: event.source,
    time: '2026-11-23T10:00:00Z',
    resources: [],
    detail: event.detail,
  };
};

describe('parseEventBridgeEvent', () => {
  test('reads detail.metadata.sequence into the consumed event', () => {
    const input = enveloped();
    (input.detail as unknown as { metadata: Record<string, unknown> }).metadata['sequence'] = 4;
    expect(parseEventBridgeEvent(input).sequence).toBe(4);
    expect(parseEventBridgeEvent(enveloped()).sequence).toBeUndefined();
  });

  test.each([0, -3, 2.5, '4', null])('refuses sequence %p naming detail.metadata.sequence', (sequence) => {
    const input = enveloped();
    (input.detail as unknown as { metadata: Record<string, unknown> }).metadata['sequence'] = sequence;
    expect(() => parseEventBridgeEvent(input)).toThrow(expect.objectContaining({ field: 'detail.metadata.sequence' }));
  });

  test('reads the replay-name of a replayed event, and leaves it undefined on a live one', () => {
    expect(parseEventBridgeEvent({ ...enveloped(), 'replay-name': 'reprocess-inventory-1' }).replayName).toBe('reprocess-inventory-1');
    expect(parseEventBridgeEvent(enveloped()).replayName).toBeUndefined();
  });

  test('an enveloped event is keyed by the producer eventId, not EventBridge id', () => {
    const input = enveloped();
    const parsed = parseEventBridgeEvent(input);
    expect(parsed.idempotencyKey).toBe((input.detail as { metadata: { eventId: string } }).metadata.eventId);
    expect(parsed.idempotencyKeySource).toBe('envelope');
    expect(parsed.data).toEqual({ orderId: 'ord_1' });
    expect(parsed.correlationId).toBe('req_1');
  });

  test('an event without envelope falls back to the EventBridge id and exposes detail as data', () => {
    const parsed = parseEventBridgeEvent({ id: 'aws-1', source: 'aws.s3', 'detail-type': 'Object Created', detail: { bucket: 'b' } });
    expect(parsed.idempotencyKey).toBe('aws-1');
    expect(parsed.idempotencyKeySource).toBe('eventbridge-id');
    expect(parsed.metadata).toBeUndefined();
    expect(parsed.data).toEqual({ bucket: 'b' });
  });

  test('requireEnvelope refuses events without metadata', () => {
    expect(() => parseEventBridgeEvent({ id: 'x', source: 's', 'detail-type': 'd', detail: {} }, { requireEnvelope: true })).toThrow(
      expect.objectContaining({ field: 'detail.metadata' }),
    );
  });

  test.each([
    ['detail.metadata.eventId', (e: any) => delete e.detail.metadata.eventId],
    ['detail.metadata.occurredAt', (e: any) => (e.detail.metadata.occurredAt = 'yesterday')],
    ['detail.metadata.eventVersion', (e: any) => (e.detail.metadata.eventVersion = 1)],
    ['detail.data', (e: any) => delete e.detail.data],
    ['detail', (e: any) => (e.detail = 'text')],
    ['detail-type', (e: any) => delete e['detail-type']],
    ['id', (e: any) => (e.id = '')],
  ])('a broken %s is named in the error', (field, breakIt) => {
    const input = JSON.parse(JSON.stringify(enveloped()));
    breakIt(input);
    let error: unknown;
    try {
      parseEventBridgeEvent(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MalformedEventError);
    expect((error as MalformedEventError).field).toBe(field);
    expect((error as Error).message).toContain(field);
  });

  test('a body that is not JSON fails on field body', () => {
    expect(() => parseSqsMessageBody('{not json')).toThrow(expect.objectContaining({ name: 'MalformedEventError', field: 'body' }));
  });

  test('a validator rejection is wrapped with the event id', () => {
    const validator = {
      validate() {
        throw new Error('data.totalCents is required');
      },
    };
    expect(() => parseEventBridgeEvent(enveloped(), { validator })).toThrow(EventRejectedByValidatorError);
  });

  test('property: any JSON input either parses or throws MalformedEventError, never anything else', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (detail, other) => {
        for (const input of [
          other,
          { id: 'i', source: 's', 'detail-type': 'd', detail },
          { ...enveloped(), detail: { metadata: other, data: detail } },
        ]) {
          try {
            const parsed = parseEventBridgeEvent(input);
            expect(typeof parsed.idempotencyKey).toBe('string');
            expect(parsed.idempotencyKey.length).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toBeInstanceOf(MalformedEventError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('property: every event built by createEvent parses back to the same metadata and data', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.dictionary(fc.string(), fc.jsonValue()), fc.option(fc.integer({ min: 1 }), { nil: undefined }), (source, detailType, data, sequence) => {
        const built = createEvent({ source, detailType, eventType: 'x.y', data, ...(sequence === undefined ? {} : { sequence }) });
        const wire = JSON.parse(JSON.stringify({ id: 'eb', source, 'detail-type': detailType, detail: built.detail }));
        const parsed = parseEventBridgeEvent(wire);
        expect(parsed.metadata).toEqual((built.detail as { metadata: unknown }).metadata);
        expect(parsed.data).toEqual(JSON.parse(JSON.stringify(data)));
        expect(parsed.sequence).toBe(sequence);
      }),
      { numRuns: 200 },
    );
  });
});
