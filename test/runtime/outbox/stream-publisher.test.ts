import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { startDynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import type { DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { createEvent } from '../../../runtime/envelope/index';
import { OutboxTable, PARKED_SHARD, PublishedSequences, publishOutboxStream, sweepOutbox, writeWithOutbox } from '../../../runtime/outbox/index';
import type { OutboxRowStore } from '../../../runtime/outbox/index';
import { FakeEventBus } from '../support/fake-event-bus';
import { readStream } from '../support/stream-reader';
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
  const tableName = `publisher-outbox-${n}`;
  const streamArn = await createOutboxTable(client, tableName);
  return { tableName, streamArn, table: new OutboxTable({ client, tableName }) };
}

const event = (orderId: string, step: number) =>
  createEvent({ source: 'orders-service', detailType: 'OrderPlaced', eventType: 'order.placed', data: { orderId, step } });

async function row(tableName: string, pk: string, sk: string) {
  const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: marshall({ pk, sk }), ConsistentRead: true }));
  return Item === undefined ? undefined : unmarshall(Item);
}

test('rows PutEvents accepted are marked published; a row it refused stays pending for the sweeper', async () => {
  const { tableName, streamArn, table } = await outbox();
  const ok = (await writeWithOutbox(client, { outboxTableName: tableName, writes: [], events: [{ entityKey: 'order#ok', event: event('ok', 0) }] })).eventIds[0]!;
  const down = (await writeWithOutbox(client, { outboxTableName: tableName, writes: [], events: [{ entityKey: 'order#down', event: event('down', 0) }] }))
    .eventIds[0]!;
  const bus = new FakeEventBus((entry) =>
    JSON.parse(entry.Detail!).data.orderId === 'down' ? { ErrorCode: 'InternalFailure', ErrorMessage: 'down' } : undefined,
  );
  const result = await publishOutboxStream(await readStream(ddb.endpoint, streamArn), {
    client: bus,
    eventBusName: 'orders',
    table,
    publish: { sleep: async () => undefined, maxAttempts: 2 },
  });
  expect(result).toMatchObject({ published: 1, failed: 1, unmarked: 0 });
  expect(await row(tableName, 'order#ok', ok)).not.toHaveProperty('pendingShard');
  expect(await row(tableName, 'order#down', down)).toHaveProperty('pendingShard');
  expect((await table.pendingRows(Date.now() + 1, 10)).map((r) => r['sk']?.S)).toEqual([down]);
});

test("the entities' sequence items on the stream are acknowledged, not published and not malformed", async () => {
  const { tableName, streamArn, table } = await outbox();
  await writeWithOutbox(client, { outboxTableName: tableName, writes: [], events: [{ entityKey: 'order#s', event: event('s', 0) }] });
  await writeWithOutbox(client, { outboxTableName: tableName, writes: [], events: [{ entityKey: 'order#s', event: event('s', 1) }] });
  const bus = new FakeEventBus();
  const result = await publishOutboxStream(await readStream(ddb.endpoint, streamArn), { client: bus, eventBusName: 'orders', table });
  expect(result).toMatchObject({ published: 2, malformed: 0, batchItemFailures: [] });
  expect(bus.accepted.map((e) => JSON.parse(e.Detail!).metadata.sequence)).toEqual([1, 2]);
});

test('a malformed row is parked with its reason and logged, is not reported failed, and the sweeper never sends it', async () => {
  const { tableName, streamArn, table } = await outbox();
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: marshall({ pk: 'order#bad', sk: '01BAD', source: 'orders-service', detailType: 'OrderPlaced', detail: 'not json', expiresAt: 2 }),
    }),
  );
  await writeWithOutbox(client, { outboxTableName: tableName, writes: [], events: [{ entityKey: 'order#good', event: event('good', 0) }] });
  const bus = new FakeEventBus();
  const telemetry = recordingTelemetry('outbox-publisher');
  const result = await publishOutboxStream(await readStream(ddb.endpoint, streamArn), { client: bus, eventBusName: 'orders', table, telemetry });
  expect(result).toMatchObject({ malformed: 1, parked: 1, published: 1, failed: 0, batchItemFailures: [] });
  expect(await row(tableName, 'order#bad', '01BAD')).toMatchObject({ pendingShard: PARKED_SHARD, parkReason: expect.stringContaining('not valid JSON') });
  expect(telemetry.counts.get('EventsParked')).toBe(1);
  expect(telemetry.logged).toContainEqual(
    expect.objectContaining({ level: 'error', message: expect.stringContaining('parked'), attributes: expect.objectContaining({ eventId: '01BAD' }) }),
  );
  const swept = await sweepOutbox({ table, client: bus, eventBusName: 'orders', olderThanMs: 0, now: Date.now() + 1 });
  expect(swept.examined).toBe(0);
});

test("an entity's earlier rows the stream gave up on are published ahead of its new event, in sequence order", async () => {
  const { tableName, streamArn, table } = await outbox();
  await writeWithOutbox(client, { outboxTableName: tableName, writes: [], events: [{ entityKey: 'order#late', event: event('late', 0) }] });
  await writeWithOutbox(client, { outboxTableName: tableName, writes: [], events: [{ entityKey: 'order#late', event: event('late', 1) }] });
  const discarded = (await readStream(ddb.endpoint, streamArn)).Records.length;
  await writeWithOutbox(client, { outboxTableName: tableName, writes: [], events: [{ entityKey: 'order#late', event: event('late', 2) }] });
  // Only the records after the discarded range reach the publisher, as after the mapping gave up on the others.
  const after = (await readStream(ddb.endpoint, streamArn)).Records.slice(discarded);
  const bus = new FakeEventBus();
  const result = await publishOutboxStream({ Records: after }, { client: bus, eventBusName: 'orders', table });
  expect(result).toMatchObject({ published: 1, caughtUp: 2, batchItemFailures: [] });
  expect(bus.accepted.map((e) => JSON.parse(e.Detail!).metadata.sequence)).toEqual([1, 2, 3]);
  expect(await table.pendingRows(Date.now() + 1, 10)).toEqual([]);
});

test('an event that follows one this publisher published needs no lookup; after a gap it is looked up and caught up', async () => {
  const { tableName, streamArn, table } = await outbox();
  let lookups = 0;
  const counting: OutboxRowStore = {
    pendingBefore: (entityKey, sequence) => {
      lookups += 1;
      return table.pendingBefore(entityKey, sequence);
    },
    markPublished: (rows) => table.markPublished(rows),
    park: (key, reason) => table.park(key, reason),
  };
  const publishedSequences = new PublishedSequences();
  const bus = new FakeEventBus();
  const write = (step: number) =>
    writeWithOutbox(client, { outboxTableName: tableName, writes: [], events: [{ entityKey: 'order#w', event: event('w', step) }] });
  let seen = 0;
  const publishNew = async () => {
    const records = (await readStream(ddb.endpoint, streamArn)).Records;
    const fresh = records.slice(seen);
    seen = records.length;
    return publishOutboxStream({ Records: fresh }, { client: bus, eventBusName: 'orders', table: counting, publishedSequences });
  };
  await write(0);
  await publishNew();
  await write(1);
  await publishNew();
  expect(lookups).toBe(0);
  await write(2);
  seen = (await readStream(ddb.endpoint, streamArn)).Records.length; // the stream gave up on sequence 3
  await write(3);
  const result = await publishNew();
  expect(lookups).toBe(1);
  expect(result).toMatchObject({ published: 1, caughtUp: 1 });
  expect(bus.accepted.map((e) => JSON.parse(e.Detail!).metadata.sequence)).toEqual([1, 2, 3, 4]);
});
