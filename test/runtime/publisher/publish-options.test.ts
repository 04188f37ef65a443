import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { createEvent } from '../../../runtime/envelope/index';
import {
  EventsRejectedError,
  InvalidPublishOptionError,
  MAX_DELIVERED_EVENT_BYTES,
  deliveredEventSize,
  publish,
  type PublishOptions,
} from '../../../runtime/publisher/index';

const ebMock = mockClient(EventBridgeClient);
const client = new EventBridgeClient({ region: 'us-east-1' });
const event = () => createEvent({ source: 'orders-service', detailType: 'OrderPlaced', eventType: 'order.placed', data: { orderId: 'ord_1' } });

beforeEach(() => {
  ebMock.reset();
  ebMock.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `eb-${i}` })),
  }));
});

async function refused(options: Partial<PublishOptions>): Promise<InvalidPublishOptionError> {
  const error = await publish([event()], { client, ...options }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidPublishOptionError);
  expect(ebMock.commandCalls(PutEventsCommand)).toHaveLength(0);
  return error as InvalidPublishOptionError;
}

describe('publish() option range checks', () => {
  test('maxAttempts 0 is refused before anything is sent', async () => {
    expect((await refused({ maxAttempts: 0 })).message).toBe(
      'publish() option maxAttempts = 0 is invalid: give a whole number from 1 to 100, or leave it out for the default',
    );
  });

  test('maxEntryBytes 0 is refused', async () => {
    expect((await refused({ maxEntryBytes: 0 })).message).toMatch(/maxEntryBytes = 0 is invalid: give a whole number from 1 to 1048576/);
  });

  test('maxEntryBytes above PutEvents\' 1 MiB is refused', async () => {
    expect((await refused({ maxEntryBytes: 2_000_000 })).message).toMatch(/maxEntryBytes = 2000000/);
  });

  test('a negative baseDelayMs is refused', async () => {
    expect((await refused({ baseDelayMs: -5 })).message).toBe(
      'publish() option baseDelayMs = -5 is invalid: give a number of milliseconds, 0 or more, or leave it out for the default',
    );
  });

  test('NaN and fractional attempts are refused', async () => {
    await refused({ baseDelayMs: Number.NaN });
    await refused({ maxAttempts: 2.5 });
  });

  test('a maxDelayMs below baseDelayMs is refused', async () => {
    expect((await refused({ baseDelayMs: 500, maxDelayMs: 100 })).message).toMatch(/maxDelayMs = 100 is invalid: must be at least baseDelayMs \(500\)/);
  });

  test('an empty bus name is refused instead of publishing nowhere', async () => {
    expect((await refused({ eventBusName: ' ' })).message).toMatch(/eventBusName = " " is invalid: give the bus name or ARN/);
  });

  test('a client without send() is refused', async () => {
    await refused({ client: {} as never });
  });

  test('valid boundary values are accepted', async () => {
    await expect(publish([event()], { client, maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxEntryBytes: 1_048_576 })).resolves.toMatchObject({
      putEventsCalls: 1,
    });
  });
});

describe('publish() refuses events too big for the consumer queues', () => {
  const sized = (bytes: number) => {
    const base = createEvent({ source: 'orders-service', detailType: 'OrderPlaced', eventType: 'order.placed', data: { pad: '' } });
    const detail = base.detail as { data: { pad: string } };
    const size = () => deliveredEventSize({ Source: base.source, DetailType: base.detailType, Detail: JSON.stringify(base.detail) });
    detail.data.pad = 'x'.repeat(bytes - size());
    expect(size()).toBe(bytes);
    return base;
  };

  test('an event exactly at the delivered limit is published', async () => {
    await expect(publish([sized(MAX_DELIVERED_EVENT_BYTES)], { client })).resolves.toMatchObject({ putEventsCalls: 1 });
  });

  test('an event one byte over is refused before any call, with its size and the limit', async () => {
    const error = await publish([sized(MAX_DELIVERED_EVENT_BYTES + 1)], { client }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventsRejectedError);
    expect((error as Error).message).toContain(
      `event is ${MAX_DELIVERED_EVENT_BYTES + 1} bytes as delivered (EventBridge envelope included), over the ${MAX_DELIVERED_EVENT_BYTES}-byte limit`,
    );
    expect(ebMock.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  test('maxDeliveredBytes lowers the limit for a path with smaller queues', async () => {
    const error = await publish([sized(300_000)], { client, maxDeliveredBytes: 262_144 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/300000 bytes as delivered .*over the 262144-byte limit/);
  });
});
