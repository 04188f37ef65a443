import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { createEvent } from '../../runtime/envelope/builder';
import { EventRejectedByValidatorError } from '../../runtime/envelope/errors';
import { parseEventBridgeEvent } from '../../runtime/envelope/parser';
import { EventsRejectedError } from '../../runtime/publisher/errors';
import { publish } from '../../runtime/publisher/publish';
import { getDefaultEventValidator, setDefaultEventValidator } from '../../runtime/publisher/validator';
import { createConsumerValidator, createPublishValidator, installDefaultPublishValidator, UnsupportedMajorVersionError } from '../../runtime/schemas';
import { orderPlacedV1Reader } from '../../schemas/generated/compiled-validators';
import { createRegisteredEvent, type EventData } from '../../schemas/generated/event-types';
import { SCHEMA_REGISTRY } from '../../schemas/generated/registry';

const ebMock = mockClient(EventBridgeClient);
const client = new EventBridgeClient({ region: 'eu-west-1' });

const placed: EventData<'order.placed', '1.1'> = {
  orderId: 'ord_9921',
  customerId: 'cus_7',
  lines: [{ sku: 'sku-1', quantity: 1, unitPriceCents: 4995 }],
  totalCents: 4995,
  currency: 'EUR',
  channel: 'mobile',
};

beforeEach(() => {
  ebMock.reset();
  ebMock.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `eb-${i}` })) }));
});
afterEach(() => setDefaultEventValidator(undefined));

describe('publish() with the schema validator', () => {
  const validator = createPublishValidator(SCHEMA_REGISTRY);

  test('publishes a valid, typed event', async () => {
    const event = createRegisteredEvent({ eventType: 'order.placed', eventVersion: '1.1', data: placed });
    expect(event).toMatchObject({ source: 'orders-service', detailType: 'OrderPlaced' });
    const outcome = await publish([event], { client, validator });
    expect(outcome.published).toHaveLength(1);
    expect(ebMock.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  test('refuses invalid data before any PutEvents call, naming the event, the field and the rule', async () => {
    const event = createRegisteredEvent({ eventType: 'order.placed', eventVersion: '1.1', data: { ...placed, totalCents: -5 } });
    const refusal = publish([event], { client, validator });
    await expect(refusal).rejects.toThrow(EventsRejectedError);
    await expect(refusal).rejects.toThrow(/order\.placed v1\.1 is invalid \(publish\): data\.totalCents must be >= 0 \[rule: minimum\]/);
    expect(ebMock.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  test('one invalid event refuses the whole call: nothing is sent', async () => {
    const good = createRegisteredEvent({ eventType: 'order.placed', eventVersion: '1.1', data: placed });
    const bad = createEvent({ source: 'orders-service', detailType: 'OrderPaid', eventType: 'order.paid', data: { orderId: 'ord_9921' } });
    await expect(publish([good, bad], { client, validator })).rejects.toThrow(/event #1 .*data\.paymentId is required but missing/);
    expect(ebMock.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  test('refuses an unregistered version', async () => {
    const event = createEvent({ source: 'orders-service', detailType: 'OrderPlaced', eventType: 'order.placed', eventVersion: '3', data: placed });
    await expect(publish([event], { client, validator })).rejects.toThrow(/has no schema version "3" \(registered: 1, 1\.1\)/);
  });

  test('refuses an event sent under another detail-type than the one registered', async () => {
    const event = createEvent({ source: 'orders-service', detailType: 'OrderShipped', eventType: 'order.placed', eventVersion: '1.1', data: placed });
    await expect(publish([event], { client, validator })).rejects.toThrow(/detail-type is "OrderShipped" but order\.placed is registered as "OrderPlaced"/);
  });

  test('refuses an event without the envelope', async () => {
    await expect(publish([{ source: 'orders-service', detailType: 'OrderPlaced', detail: placed }], { client, validator })).rejects.toThrow(/detail\.metadata is missing/);
  });

  test('skipValidation opts one call out explicitly', async () => {
    const event = createRegisteredEvent({ eventType: 'order.placed', eventVersion: '1.1', data: { ...placed, totalCents: -5 } });
    await expect(publish([event], { client, validator, skipValidation: true })).resolves.toMatchObject({ putEventsCalls: 1 });
  });

  test('installDefaultPublishValidator makes every publish() call validate', async () => {
    const installed = installDefaultPublishValidator(SCHEMA_REGISTRY);
    expect(getDefaultEventValidator()).toBe(installed);
    const event = createRegisteredEvent({ eventType: 'order.placed', eventVersion: '1', data: { ...placed } as never });
    await expect(publish([event], { client })).rejects.toThrow(/data\.channel is not declared by the schema/);
  });
});

describe('the envelope parser with the consumer validator', () => {
  const asDelivered = (eventVersion: string, data: unknown) => {
    const event = createEvent({ source: 'orders-service', detailType: 'OrderPlaced', eventType: 'order.placed', eventVersion, data });
    return { id: 'eb-1', source: event.source, 'detail-type': event.detailType, time: '2026-11-23T10:30:42Z', resources: [], detail: event.detail };
  };
  const validator = createConsumerValidator({ reads: [orderPlacedV1Reader] });

  test('a consumer of v1 parses a v1.1 event and keeps the field it does not know', () => {
    const consumed = parseEventBridgeEvent<EventData<'order.placed', '1'>>(asDelivered('1.1', placed), { validator });
    expect(consumed.data.totalCents).toBe(4995);
    expect(consumed.data).toHaveProperty('channel', 'mobile');
  });

  test('a v2 event is refused with a typed cause, so the message fails and ends in the DLQ', () => {
    let caught: unknown;
    try {
      parseEventBridgeEvent(asDelivered('2', placed), { validator });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EventRejectedByValidatorError);
    expect((caught as Error).cause).toBeInstanceOf(UnsupportedMajorVersionError);
    expect((caught as Error).message).toContain('order.placed v2 cannot be read by a consumer of v1');
  });
});
