import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import type { DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { startSqs } from '../../../local/sqs/index';
import type { LocalSqs } from '../../../local/sqs/index';
import { PermanentError } from '../../../runtime/fifo/index';
import type { EventHandler } from '../../../runtime/fifo/index';
import { readSequencingSettings, sweepGaps } from '../../../runtime/sequencing/index';
import type { OnGap } from '../../../runtime/sequencing/index';
import { orderedConsumer, recordOf, sequencedEvent, toRecord } from '../support/ordered-consumer';
import type { OrderedConsumer } from '../support/ordered-consumer';
import { createDedupeTable } from '../support/tables';
import { recordingTelemetry } from '../support/telemetry';

let ddb: DynamoDbLocal;
let client: DynamoDBClient;
let sqs: LocalSqs;
const TABLE = 'sweeper-dedupe';
const TIMEOUT_SECONDS = 60;

beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  client = ddb.client();
  sqs = await startSqs();
  await createDedupeTable(client, TABLE);
});
afterAll(async () => {
  client.destroy();
  await sqs.stop();
  await ddb.stop();
});

/** A consumer on a controllable clock, and a sweep of its gaps at that clock. */
async function setup(onGap: OnGap, handler?: EventHandler) {
  const applied: number[] = [];
  const clock = { now: Date.now() };
  const c = await orderedConsumer({
    client,
    sqs,
    tableName: TABLE,
    now: () => clock.now,
    sequencing: { gapTimeoutSeconds: TIMEOUT_SECONDS, onGap },
    handler:
      handler ??
      (async (event) => {
        applied.push(event.sequence!);
      }),
  });
  const telemetry = recordingTelemetry(c.consumerName);
  const sweep = () =>
    sweepGaps({
      store: c.store,
      settings: readSequencingSettings({}, { gapTimeoutSeconds: TIMEOUT_SECONDS, onGap }),
      sqs: c.sqs,
      queueUrl: c.queueUrl,
      telemetry,
      now: () => clock.now,
    });
  /** What the event source mapping would do with the consumer queue. */
  const deliverQueue = async (consumer: OrderedConsumer) => {
    const messages = await consumer.receiveAll(consumer.queueUrl);
    if (messages.length > 0) await consumer.invoke(messages.map(toRecord));
    return messages.length;
  };
  return { c, applied, clock, telemetry, sweep, deliverQueue };
}

test('a gap younger than the timeout is left alone; the held events are counted', async () => {
  const { c, sweep, telemetry } = await setup('skip');
  await c.invoke([1, 3, 4].map((n) => recordOf(sequencedEvent('ord_young', n))));
  const summary = await sweep();
  expect(summary).toMatchObject({ entitiesWithGaps: 1, heldEvents: 2, gapsTimedOut: 0, sequencesSkipped: 0, released: 0 });
  expect(telemetry.counts.get('HeldEvents')).toBe(2);
});

test('onGap wait: a timed-out gap is counted and logged with the missing sequences, and the held events keep waiting', async () => {
  const { c, sweep, telemetry, clock, applied, deliverQueue } = await setup('wait');
  await c.invoke([1, 4, 5].map((n) => recordOf(sequencedEvent('ord_wait', n))));
  clock.now += (TIMEOUT_SECONDS + 1) * 1000;
  const summary = await sweep();
  expect(summary).toMatchObject({ gapsTimedOut: 1, sequencesSkipped: 0, released: 0 });
  expect(telemetry.counts.get('GapsTimedOut')).toBe(1);
  expect(telemetry.logged).toContainEqual(
    expect.objectContaining({ level: 'warn', attributes: expect.objectContaining({ entity: 'ord_wait', missing: expect.objectContaining({ sequences: [2, 3] }) }) }),
  );
  expect(await deliverQueue(c)).toBe(0);
  expect(applied).toEqual([1]);
});

test('onGap skip: the missing sequences are logged and given up, and the held events are applied in order at once', async () => {
  const { c, sweep, telemetry, clock, applied, deliverQueue } = await setup('skip');
  await c.invoke([1, 4, 5].map((n) => recordOf(sequencedEvent('ord_skip', n))));
  clock.now += (TIMEOUT_SECONDS + 1) * 1000;
  const summary = await sweep();
  expect(summary).toMatchObject({ gapsTimedOut: 1, sequencesSkipped: 2, released: 1 });
  expect(telemetry.counts.get('SequencesSkipped')).toBe(2);
  expect(telemetry.logged).toContainEqual(
    expect.objectContaining({
      message: expect.stringContaining('Sequences skipped'),
      attributes: expect.objectContaining({ entity: 'ord_skip', missing: expect.objectContaining({ from: 2, to: 3, sequences: [2, 3] }) }),
    }),
  );
  expect(await deliverQueue(c)).toBe(1);
  expect(applied).toEqual([1, 4, 5]);
  expect(await c.store.listOpenGaps()).toEqual([]);
  // A skipped sequence that turns up later is parked, never applied out of order.
  await c.invoke([recordOf(sequencedEvent('ord_skip', 2))]);
  expect(applied).toEqual([1, 4, 5]);
  expect(c.telemetry.counts.get('EventsParked')).toBe(1);
});

test('a quarantined entity is never skipped by the sweeper, however old its gap', async () => {
  const { c, sweep, clock } = await setup('skip', async (event) => {
    if (event.sequence === 2) throw new PermanentError('conflict');
  });
  await c.invoke([1, 2, 3].map((n) => recordOf(sequencedEvent('ord_q', n))));
  clock.now += (TIMEOUT_SECONDS + 1) * 1000;
  const summary = await sweep();
  expect(summary).toMatchObject({ quarantined: 1, sequencesSkipped: 0, released: 0 });
  expect((await c.store.readCursor('ord_q')).parkedSequence).toBe(2);
});

test('a drain the consumer could not finish is restarted by re-sending the next held event', async () => {
  let failOnce = true;
  const applied: number[] = [];
  const { c, sweep, deliverQueue } = await setup('wait', async (event) => {
    if (event.sequence === 2 && failOnce) {
      failOnce = false;
      throw new Error('transient');
    }
    applied.push(event.sequence!);
  });
  await c.invoke([3, 2].map((n) => recordOf(sequencedEvent('ord_stall', n))));
  await c.invoke([recordOf(sequencedEvent('ord_stall', 1))]);
  expect(applied).toEqual([1]);
  expect(await sweep()).toMatchObject({ released: 1 });
  await deliverQueue(c);
  expect(applied).toEqual([1, 2, 3]);
});

test('a new entity whose first events never come starts at its lowest held sequence after the grace', async () => {
  const { c, sweep, clock, applied, deliverQueue } = await setup('wait');
  await c.invoke([7, 8].map((n) => recordOf(sequencedEvent('ord_joiner', n))));
  expect(await sweep()).toMatchObject({ released: 0 });
  clock.now += 31_000;
  expect(await sweep()).toMatchObject({ released: 1 });
  await deliverQueue(c);
  expect(applied).toEqual([7, 8]);
});

test('onGap skip never gives up a sequence that arrived (and was held) after the sweep read the gap', async () => {
  const { c, clock, applied, telemetry, deliverQueue } = await setup('skip');
  await c.invoke([1, 4].map((n) => recordOf(sequencedEvent('ord_race', n))));
  clock.now += (TIMEOUT_SECONDS + 1) * 1000;
  // The sweep reads the gap (2..3 missing), then 3 arrives and is held before the sweep skips.
  const racing = {
    listOpenGaps: async () => {
      const gaps = await c.store.listOpenGaps();
      await c.invoke([recordOf(sequencedEvent('ord_race', 3))]);
      return gaps;
    },
    readHeld: c.store.readHeld.bind(c.store),
    skipTo: c.store.skipTo.bind(c.store),
  } as unknown as typeof c.store;
  const settings = readSequencingSettings({}, { gapTimeoutSeconds: TIMEOUT_SECONDS, onGap: 'skip' });
  await sweepGaps({ store: racing, settings, sqs: c.sqs, queueUrl: c.queueUrl, telemetry, now: () => clock.now });
  await deliverQueue(c);
  // Later sweeps (with time passing) close whatever is left.
  for (let round = 0; round < 3; round += 1) {
    clock.now += (TIMEOUT_SECONDS + 1) * 1000;
    await sweepGaps({ store: c.store, settings, sqs: c.sqs, queueUrl: c.queueUrl, telemetry, now: () => clock.now });
    await deliverQueue(c);
  }
  expect(applied).toEqual([1, 3, 4]);
  expect(await c.store.listOpenGaps()).toEqual([]);
});

test('a held event whose eventId is not a valid SQS id (spaces, non-ASCII) is still re-sent', async () => {
  const { c, sweep, clock, applied, deliverQueue } = await setup('wait');
  const events = [7, 8].map((n) => {
    const event = sequencedEvent('ord_odd_id', n);
    (event['detail'] as { metadata: { eventId: string } }).metadata.eventId = `order ord_odd_id — step ${n}`;
    return event;
  });
  await c.invoke(events.map(recordOf));
  clock.now += 31_000;
  expect(await sweep()).toMatchObject({ released: 1 });
  await deliverQueue(c);
  expect(applied).toEqual([7, 8]);
});
