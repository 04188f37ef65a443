import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { startDynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import type { DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { createEvent } from '../../../runtime/envelope/index';
import { OutboxTable, PARKED_SHARD, sweepOutbox, writeWithOutbox } from '../../../runtime/outbox/index';
import { FakeEventBus } from '../support/fake-event-bus';
import { recordingTelemetry } from '../support/telemetry';
import { createOutboxTable } from './support/outbox-tables';

let ddb: DynamoDbLocal;
let client: DynamoDBClient;
let n = 0;

beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  client = ddb.client();
});
afterAll(async () => {
  client.destroy();
  await ddb.stop();
});

async function outbox() {
  n += 1;
  const tableName = `sweep-outbox-${n}`;
  await createOutboxTable(client, tableName);
  return { tableName, table: new OutboxTable({ client, tableName }) };
}

const event = (orderId: string, step: number) =>
  createEvent({ source: 'orders-service', detailType: 'OrderPlaced', eventType: 'order.placed', data: { orderId, step } });

async function write(tableName: string, orderId: string, step: number) {
  const { eventIds } = await writeWithOutbox(client, { outboxTableName: tableName, writes: [], events: [{ entityKey: `order#${orderId}`, event: event(orderId, step) }] });
  return eventIds[0]!;
}

async function row(tableName: string, pk: string, sk: string) {
  const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: marshall({ pk, sk }), ConsistentRead: true }));
  return Item === undefined ? undefined : unmarshall(Item);
}

const published = (bus: FakeEventBus) =>
  bus.accepted.map((entry) => {
    const detail = JSON.parse(entry.Detail!);
    return { orderId: detail.data.orderId as string, sequence: detail.metadata.sequence as number, eventId: detail.metadata.eventId as string };
  });

test('pending rows older than the threshold are published with their eventId, each entity in sequence order, and marked published', async () => {
  const { tableName, table } = await outbox();
  const ids: string[] = [];
  for (let step = 0; step < 4; step += 1) for (const orderId of ['a', 'b', 'c']) ids.push(await write(tableName, orderId, step));
  const bus = new FakeEventBus();
  const result = await sweepOutbox({ table, client: bus, eventBusName: 'orders', olderThanMs: 0, now: Date.now() + 1 });
  expect(result).toMatchObject({ examined: 12, published: 12, failed: 0, parked: 0, unmarked: 0 });
  expect(new Set(bus.acceptedEventIds())).toEqual(new Set(ids));
  for (const orderId of ['a', 'b', 'c']) {
    expect(published(bus).filter((p) => p.orderId === orderId).map((p) => p.sequence)).toEqual([1, 2, 3, 4]);
  }
  const marked = await row(tableName, 'order#a', ids[0]!);
  // TTL starts once published: a pending row has no expiresAt.
  expect(marked).toMatchObject({ publishedAt: expect.any(String), expiresAt: expect.any(Number) });
  expect(marked!['expiresAt']).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 604_800 - 60);
  expect(marked).not.toHaveProperty('pendingShard');
  const again = await sweepOutbox({ table, client: bus, eventBusName: 'orders', olderThanMs: 0, now: Date.now() + 1 });
  expect(again.examined).toBe(0);
});

test('rows younger than the threshold are left to the stream publisher', async () => {
  const { tableName, table } = await outbox();
  await write(tableName, 'young', 0);
  const bus = new FakeEventBus();
  const result = await sweepOutbox({ table, client: bus, eventBusName: 'orders', olderThanMs: 60_000 });
  expect(result.examined).toBe(0);
  expect(bus.calls).toBe(0);
});

test('a refused entry stays pending and blocks only its own entity\'s later rows; the next sweep sends them in order', async () => {
  const { tableName, table } = await outbox();
  for (let step = 0; step < 3; step += 1) for (const orderId of ['ok', 'down']) await write(tableName, orderId, step);
  let refuse = true;
  const bus = new FakeEventBus((entry) =>
    refuse && JSON.parse(entry.Detail!).data.orderId === 'down' ? { ErrorCode: 'InternalFailure', ErrorMessage: 'down' } : undefined,
  );
  const first = await sweepOutbox({
    table,
    client: bus,
    eventBusName: 'orders',
    olderThanMs: 0,
    now: Date.now() + 1,
    publish: { sleep: async () => undefined, maxAttempts: 2 },
  });
  expect(first).toMatchObject({ published: 3, failed: 3 });
  expect(first.rows.filter((r) => r.outcome === 'failed').map((r) => r.sequence)).toEqual([1, 2, 3]);
  expect(published(bus).every((p) => p.orderId === 'ok')).toBe(true);
  refuse = false;
  const second = await sweepOutbox({ table, client: bus, eventBusName: 'orders', olderThanMs: 0, now: Date.now() + 1 });
  expect(second).toMatchObject({ examined: 3, published: 3, failed: 0 });
  expect(published(bus).filter((p) => p.orderId === 'down').map((p) => p.sequence)).toEqual([1, 2, 3]);
});

test('dry run reports what would be sent and changes nothing', async () => {
  const { tableName, table } = await outbox();
  const id = await write(tableName, 'dry', 0);
  const bus = new FakeEventBus();
  const result = await sweepOutbox({ table, client: bus, eventBusName: 'orders', olderThanMs: 0, now: Date.now() + 1, dryRun: true });
  expect(result.rows).toEqual([expect.objectContaining({ entityKey: 'order#dry', eventId: id, sequence: 1, outcome: 'would-publish' })]);
  expect(bus.calls).toBe(0);
  expect(await row(tableName, 'order#dry', id)).toHaveProperty('pendingShard');
});

test('a malformed pending row is parked with its reason, logged, kept without expiry, and never sent', async () => {
  const { tableName, table } = await outbox();
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: marshall({ pk: 'order#bad', sk: '01BAD', source: 'orders-service', detailType: 'OrderPlaced', detail: '{"not":"an envelope"}', pendingShard: 'pending#0', createdAt: 1, expiresAt: 2 }),
    }),
  );
  const bus = new FakeEventBus();
  const telemetry = recordingTelemetry('outbox-sweeper');
  const result = await sweepOutbox({ table, client: bus, eventBusName: 'orders', olderThanMs: 0, telemetry });
  expect(result).toMatchObject({ examined: 1, parked: 1, published: 0 });
  expect(bus.calls).toBe(0);
  const parked = await row(tableName, 'order#bad', '01BAD');
  expect(parked).toMatchObject({ pendingShard: PARKED_SHARD, parkReason: expect.stringContaining('metadata.eventId'), parkedAt: expect.any(String) });
  expect(parked).not.toHaveProperty('expiresAt');
  expect(telemetry.counts.get('EventsParked')).toBe(1);
  expect(telemetry.logged).toContainEqual(expect.objectContaining({ level: 'error', attributes: expect.objectContaining({ eventId: '01BAD' }) }));
  expect((await table.parkedRows(10)).map((r) => r['sk']?.S)).toEqual(['01BAD']);
  expect((await sweepOutbox({ table, client: bus, eventBusName: 'orders', olderThanMs: 0 })).examined).toBe(0);
});

test('a large sweep is published and marked in chunks of whole entities, every entity in order', async () => {
  const { tableName, table } = await outbox();
  const written: string[] = [];
  // 130 entities x 5 events = 650 rows: more than one 500-row chunk.
  const events = Array.from({ length: 130 }, (_, o) => Array.from({ length: 5 }, (_, step) => ({ entityKey: `order#big${o}`, event: event(`big${o}`, step) }))).flat();
  for (let start = 0; start < events.length; start += 50) {
    written.push(...(await writeWithOutbox(client, { outboxTableName: tableName, writes: [], events: events.slice(start, start + 50) })).eventIds);
  }
  let calls = 0;
  const bus = new FakeEventBus((_entry, call) => {
    calls = call;
    return undefined;
  });
  const result = await sweepOutbox({ table, client: bus, eventBusName: 'orders', olderThanMs: 0, now: Date.now() + 1 });
  expect(result).toMatchObject({ examined: 650, published: 650, failed: 0 });
  expect(calls).toBeGreaterThanOrEqual(65);
  expect(new Set(bus.acceptedEventIds())).toEqual(new Set(written));
  for (let o = 0; o < 130; o += 1) expect(published(bus).filter((p) => p.orderId === `big${o}`).map((p) => p.sequence)).toEqual([1, 2, 3, 4, 5]);
  expect(await table.pendingRows(Date.now() + 1, 1000)).toEqual([]);
});
