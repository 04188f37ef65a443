import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { startDynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import type { DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { createEvent } from '../../../runtime/envelope/index';
import {
  InvalidOutboxEventError,
  OutboxLimitError,
  OutboxTransactionCanceledError,
  SEQUENCE_ITEM_SK,
  publishOutboxStream,
  writeWithOutbox,
} from '../../../runtime/outbox/index';
import { FakeEventBus } from '../support/fake-event-bus';
import { readStream } from '../support/stream-reader';
import { createPkSkTable } from '../support/tables';
import { recordingTelemetry } from '../support/telemetry';

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

async function tables() {
  n += 1;
  const ordersTable = `orders-${n}`;
  const outboxTable = `outbox-${n}`;
  await createPkSkTable(client, ordersTable);
  const streamArn = (await createPkSkTable(client, outboxTable, { stream: true }))!;
  return { ordersTable, outboxTable, streamArn };
}

const orderEvent = (orderId: string, step: number) =>
  createEvent({ source: 'orders-service', detailType: 'OrderPlaced', eventType: 'order.placed', data: { orderId, step } });

const putOrder = (tableName: string, orderId: string, condition?: string): TransactWriteItem => ({
  Put: {
    TableName: tableName,
    Item: marshall({ pk: `order#${orderId}`, sk: 'order', status: 'PLACED' }),
    ...(condition ? { ConditionExpression: condition } : {}),
  },
});

async function scan(tableName: string) {
  return ((await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? []).map((item) => unmarshall(item));
}

describe('writeWithOutbox', () => {
  test('writes the business row and one outbox row per event in one transaction', async () => {
    const { ordersTable, outboxTable } = await tables();
    const events = [orderEvent('ord_1', 1), orderEvent('ord_1', 2)];
    const result = await writeWithOutbox(client, {
      outboxTableName: outboxTable,
      writes: [putOrder(ordersTable, 'ord_1')],
      events: events.map((event) => ({ entityKey: 'order#ord_1', event })),
    });
    expect(await scan(ordersTable)).toHaveLength(1);
    const rows = (await scan(outboxTable)).filter((r) => r['sk'] !== SEQUENCE_ITEM_SK);
    expect(rows.map((r) => r['sk']).sort()).toEqual([...result.eventIds].sort());
    expect(rows[0]).toMatchObject({ pk: 'order#ord_1', source: 'orders-service', detailType: 'OrderPlaced', retainSeconds: 604_800 });
    expect(rows[0]).not.toHaveProperty('expiresAt');
    expect(JSON.parse(rows[0]!['detail'] as string).metadata.eventId).toBe(rows[0]!['sk']);
  });

  test('a failed business condition writes nothing, no event, and names the write', async () => {
    const { ordersTable, outboxTable } = await tables();
    const error = await writeWithOutbox(client, {
      outboxTableName: outboxTable,
      writes: [putOrder(ordersTable, 'ord_2', 'attribute_exists(pk)')],
      events: [{ entityKey: 'order#ord_2', event: orderEvent('ord_2', 1) }],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxTransactionCanceledError);
    expect((error as OutboxTransactionCanceledError).conditionFailedOnWrite(0)).toBe(true);
    expect(await scan(outboxTable)).toHaveLength(0);
    expect(await scan(ordersTable)).toHaveLength(0);
  });

  test('more than 100 items (the entities\' sequence items included) is refused before calling DynamoDB', async () => {
    const events = Array.from({ length: 99 }, (_, i) => ({ entityKey: 'order#x', event: orderEvent('x', i) }));
    await expect(writeWithOutbox(client, { outboxTableName: 'unused', writes: [putOrder('unused', 'x')], events })).rejects.toThrow(OutboxLimitError);
    await expect(writeWithOutbox(client, { outboxTableName: 'unused', writes: [putOrder('unused', 'x')], events })).rejects.toThrow(
      /1 writes \+ 99 events \+ 1 entity sequence items = 101 items/,
    );
  });

  test('an item over 400 KB is refused with its position', async () => {
    const big = createEvent({ source: 'orders-service', detailType: 'OrderPlaced', eventType: 'order.placed', data: { pad: 'x'.repeat(420_000) } });
    await expect(writeWithOutbox(client, { outboxTableName: 'unused', writes: [], events: [{ entityKey: 'order#x', event: big }] })).rejects.toThrow(
      /events\[0\] \(outbox row\) is \d+ bytes, over DynamoDB's 409600-byte item limit/,
    );
  });

  test('an event its schema validator rejects is refused and nothing is written', async () => {
    const { ordersTable, outboxTable } = await tables();
    const validator = {
      validate() {
        throw new Error('data.currency is required');
      },
    };
    await expect(
      writeWithOutbox(client, {
        outboxTableName: outboxTable,
        validator,
        writes: [putOrder(ordersTable, 'ord_v')],
        events: [{ entityKey: 'order#ord_v', event: orderEvent('ord_v', 1) }],
      }),
    ).rejects.toThrow(/events\[0\] cannot be written to the outbox: schema validation failed: data.currency is required/);
    expect(await scan(ordersTable)).toHaveLength(0);
  });

  test('an event without our envelope cannot go to the outbox', async () => {
    const raw = { source: 'orders-service', detailType: 'OrderPlaced', detail: { orderId: 'x' } };
    await expect(writeWithOutbox(client, { outboxTableName: 'unused', writes: [], events: [{ entityKey: 'order#x', event: raw }] })).rejects.toThrow(
      InvalidOutboxEventError,
    );
  });
});

/** An INSERT of an event row, not of an entity's sequence item. */
const isEventRow = (record: DynamoDBRecord) => record.eventName === 'INSERT' && record.dynamodb?.NewImage?.['sk']?.S !== SEQUENCE_ITEM_SK;

describe('publishOutboxStream over the real stream', () => {
  async function writeOrders(outboxTable: string, orders: number, eventsPerOrder: number) {
    const written: string[] = [];
    for (let step = 0; step < eventsPerOrder; step += 1) {
      for (let o = 0; o < orders; o += 1) {
        const { eventIds } = await writeWithOutbox(client, {
          outboxTableName: outboxTable,
          writes: [],
          events: [{ entityKey: `order#ord_${o}`, event: orderEvent(`ord_${o}`, step) }],
        });
        written.push(eventIds[0]!);
      }
    }
    return written;
  }

  test('partial PutEvents failures are retried and nothing is lost, in order per entity', async () => {
    const { outboxTable, streamArn } = await tables();
    const written = await writeOrders(outboxTable, 4, 5);
    const stream = await readStream(ddb.endpoint, streamArn);
    expect(stream.Records.filter(isEventRow)).toHaveLength(20);
    // Every 4th entry sent is throttled, but no entry more than twice: within publish()'s 5 attempts
    // whatever order the stream's shards hand the records in (a sixth refusal would be a real failure).
    let k = 0;
    const refusals = new Map<string, number>();
    const bus = new FakeEventBus((entry) => {
      const eventId = JSON.parse(entry.Detail!).metadata.eventId as string;
      if (++k % 4 !== 0 || (refusals.get(eventId) ?? 0) >= 2) return undefined;
      refusals.set(eventId, (refusals.get(eventId) ?? 0) + 1);
      return { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' };
    });
    const telemetry = recordingTelemetry('outbox-publisher');
    const result = await publishOutboxStream(stream, {
      client: bus,
      eventBusName: 'orders',
      telemetry,
      publish: { sleep: async () => undefined, baseDelayMs: 1 },
    });
    expect(result.batchItemFailures).toEqual([]);
    expect(new Set(bus.acceptedEventIds())).toEqual(new Set(written));
    expect(bus.accepted).toHaveLength(20);
    expect(telemetry.counts.get('PublishRetries')).toBeGreaterThan(0);
    for (let o = 0; o < 4; o += 1) {
      const accepted = bus.accepted.map((e) => JSON.parse(e.Detail!).data).filter((d) => d.orderId === `ord_${o}`);
      expect(accepted.map((d) => d.step)).toEqual([0, 1, 2, 3, 4]);
    }
  });

  test('events that still fail are reported as the lowest sequence number; a retry from there loses nothing', async () => {
    const { outboxTable, streamArn } = await tables();
    const written = await writeOrders(outboxTable, 3, 3);
    const stream = await readStream(ddb.endpoint, streamArn);
    const down = new FakeEventBus((entry) =>
      JSON.parse(entry.Detail!).data.orderId === 'ord_1' ? { ErrorCode: 'InternalFailure', ErrorMessage: 'down' } : undefined,
    );
    const first = await publishOutboxStream(stream, {
      client: down,
      eventBusName: 'orders',
      publish: { sleep: async () => undefined, baseDelayMs: 1, maxAttempts: 2 },
    });
    const ord1Records = stream.Records.filter((r) => isEventRow(r) && r.dynamodb!.NewImage!['pk']!.S === 'order#ord_1');
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: ord1Records[0]!.dynamodb!.SequenceNumber }]);
    expect(first.failed).toBe(3);
    expect(down.acceptedEventIds()).toHaveLength(6);
    // Lambda retries from the checkpoint: every record from the reported sequence number on.
    const fromCheckpoint = stream.Records.filter((r) => BigInt(r.dynamodb!.SequenceNumber!) >= BigInt(first.batchItemFailures[0]!.itemIdentifier));
    const healthy = new FakeEventBus();
    const second = await publishOutboxStream({ Records: fromCheckpoint }, { client: healthy, eventBusName: 'orders' });
    expect(second.batchItemFailures).toEqual([]);
    expect(new Set([...down.acceptedEventIds(), ...healthy.acceptedEventIds()])).toEqual(new Set(written));
    expect(
      healthy.accepted
        .map((e) => JSON.parse(e.Detail!).data)
        .filter((d) => d.orderId === 'ord_1')
        .map((d) => d.step),
    ).toEqual([0, 1, 2]);
  });

  test('a malformed outbox row is reported with its reason and does not block the other rows', async () => {
    const { outboxTable, streamArn } = await tables();
    await client.send(
      new PutItemCommand({
        TableName: outboxTable,
        Item: marshall({ pk: 'order#bad', sk: '01BAD', source: 'orders-service', detailType: 'OrderPlaced', detail: 'not json' }),
      }),
    );
    const written = await writeOrders(outboxTable, 2, 1);
    const stream = await readStream(ddb.endpoint, streamArn);
    const bus = new FakeEventBus();
    const telemetry = recordingTelemetry('outbox-publisher');
    const result = await publishOutboxStream(stream, { client: bus, eventBusName: 'orders', telemetry });
    expect(result.malformed).toBe(1);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: stream.Records[0]!.dynamodb!.SequenceNumber }]);
    expect(bus.acceptedEventIds()).toEqual(written);
    expect(telemetry.logged).toContainEqual(
      expect.objectContaining({ level: 'error', attributes: expect.objectContaining({ reason: expect.stringContaining('not valid JSON') }) }),
    );
  });

  test('non-INSERT records are acknowledged without publishing', async () => {
    const bus = new FakeEventBus();
    const result = await publishOutboxStream(
      { Records: [{ eventName: 'REMOVE', dynamodb: { SequenceNumber: '1' } }] },
      { client: bus, eventBusName: 'orders' },
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(bus.calls).toBe(0);
  });
});
