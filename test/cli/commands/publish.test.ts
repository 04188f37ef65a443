import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busNameFor, envelopeFor, eventTypeFor, readDetailArgument, sequenceArgument } from '../../../cli/commands/publish';
import { PublishInputError } from '../../../cli/commands/errors';

const options = { detailType: 'OrderPlaced', detail: '', source: 'orders-service', eventVersion: '1' };

describe('publish: building the event', () => {
  test('derives the envelope eventType from the detail-type', () => {
    expect(eventTypeFor('OrderPlaced')).toBe('order.placed');
    expect(eventTypeFor('OrderShipped')).toBe('order.shipped');
  });

  test('wraps a raw detail in the envelope with a new ULID eventId and the source as producer', () => {
    const now = new Date('2026-11-23T10:30:42.123Z');
    const detail = envelopeFor({ orderId: 'ord_1' }, options, now);
    expect(detail).toEqual({
      metadata: {
        eventId: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
        eventType: 'order.placed',
        eventVersion: '1',
        occurredAt: '2026-11-23T10:30:42.123Z',
        producer: 'orders-service',
      },
      data: { orderId: 'ord_1' },
    });
  });

  test('keeps a detail that already is an envelope, so a re-publish keeps its eventId', () => {
    const envelope = { metadata: { eventId: '01J8XK' }, data: { orderId: 'ord_1' } };
    expect(envelopeFor(envelope, options)).toBe(envelope);
  });

  test('uses --event-id when given, to publish a deliberate duplicate', () => {
    const detail = envelopeFor({}, { ...options, eventId: 'evt-1' }) as { metadata: { eventId: string } };
    expect(detail.metadata.eventId).toBe('evt-1');
  });

  test('puts --sequence in the envelope metadata as a number', () => {
    const detail = envelopeFor({}, { ...options, sequence: '3' }) as { metadata: { sequence: number } };
    expect(detail.metadata.sequence).toBe(3);
  });

  test('refuses a --sequence that is not a positive whole number, naming the option', () => {
    for (const bad of ['0', '-1', '1.5', 'abc', '1e3', '99999999999999999999']) {
      expect(() => sequenceArgument(bad)).toThrow(PublishInputError);
      expect(() => sequenceArgument(bad)).toThrow(/--sequence must be a positive whole number/);
    }
  });

  test('refuses --sequence with a full envelope, which would silently ignore it', () => {
    const envelope = { metadata: { eventId: '01J8XK' }, data: {} };
    expect(() => envelopeFor(envelope, { ...options, sequence: '2' })).toThrow(/put sequence in detail.metadata/);
  });

  test('reads --detail from a file with @path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-'));
    writeFileSync(join(dir, 'order.json'), '{"orderId":"ord_2"}');
    expect(readDetailArgument(`@${join(dir, 'order.json')}`)).toEqual({ orderId: 'ord_2' });
  });

  test('rejects a detail that is not a JSON object, naming the option', () => {
    expect(() => readDetailArgument('[1,2]')).toThrow(PublishInputError);
    expect(() => readDetailArgument('{oops')).toThrow(/--detail value is not JSON/);
  });

  test("publishes to the router's bus unless --bus or EVENT_BUS_NAME names another", () => {
    expect(busNameFor({}, {})).toBe('event-router');
    expect(busNameFor({}, { EVENT_BUS_NAME: 'from-env' })).toBe('from-env');
    expect(busNameFor({ bus: 'from-flag' }, { EVENT_BUS_NAME: 'from-env' })).toBe('from-flag');
  });
});
