import { QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import type { DynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import { publishOutboxStream } from '../../runtime/outbox/index';
import { FakeEventBus } from '../runtime/support/fake-event-bus';
import { readStream } from '../runtime/support/stream-reader';
import { createDedupeTable, createPkSkTable } from '../runtime/support/tables';
import { lambdaContext, sqsRecord } from '../runtime/support/sqs-records';

type Handler = (event: unknown, context: Context) => Promise<unknown>;
type ConsumerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

let ddb: DynamoDbLocal;
let client: DynamoDBClient;
let streamArn: string;
let orders: Handler;
const consumers: Record<string, ConsumerHandler> = {};

/** Imports an entry point the way Lambda does: environment first, then the module. */
async function importEntry<T>(path: string, env: Record<string, string>): Promise<T> {
  Object.assign(process.env, env);
  return ((await import(path)) as { handler: T }).handler;
}

beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  client = ddb.client();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  await createPkSkTable(client, 'orders');
  streamArn = (await createPkSkTable(client, 'outbox', { stream: true }))!;
  await createDedupeTable(client, 'dedupe');
  for (const name of ['inventory', 'notifications', 'analytics']) await createPkSkTable(client, `${name}-state`);
  orders = await importEntry<Handler>('../../functions/orders/index', { ORDERS_TABLE_NAME: 'orders', OUTBOX_TABLE_NAME: 'outbox' });
  for (const name of ['inventory', 'notifications', 'analytics']) {
    consumers[name] = await importEntry<ConsumerHandler>(`../../functions/${name}/index`, {
      CONSUMER_NAME: name,
      POWERTOOLS_SERVICE_NAME: name,
      DEDUPE_TABLE_NAME: 'dedupe',
      STATE_TABLE_NAME: `${name}-state`,
    });
  }
});
afterAll(async () => {
  client.destroy();
  await ddb.stop();
});

const place = {
  action: 'place',
  orderId: 'ord_1001',
  customerId: 'cus_7',
  currency: 'EUR',
  lines: [
    { sku: 'sku-mug', quantity: 2, unitPriceCents: 1250 },
    { sku: 'sku-tee', quantity: 1, unitPriceCents: 1999 },
  ],
};

/** What EventBridge would deliver to a rule target for an accepted PutEvents entry. */
function delivered(entry: PutEventsRequestEntry, index: number) {
  return {
    version: '0',
    id: `eb-${index}`,
    source: entry.Source,
    'detail-type': entry.DetailType,
    time: new Date().toISOString(),
    resources: [],
    detail: JSON.parse(entry.Detail!),
  };
}

async function items(tableName: string) {
  return ((await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? []).map((i) => unmarshall(i));
}

describe('orders service', () => {
  test('place, pay, ship: each changes the order row and writes its event to the outbox', async () => {
    const placed = (await orders(place, lambdaContext())) as { orderId: string; status: string; eventId: string };
    expect(placed).toMatchObject({ orderId: 'ord_1001', status: 'PLACED', eventId: expect.stringMatching(/^\w{26}$/), sequence: 1 });
    const paid = await orders({ action: 'pay', orderId: 'ord_1001', amountCents: 4499, method: 'card' }, lambdaContext());
    const shipped = await orders({ action: 'ship', orderId: 'ord_1001', carrier: 'dhl', trackingNumber: 'JD0001' }, lambdaContext());
    // One entity per order: its events are numbered 1, 2, 3 in their envelopes.
    expect([paid, shipped]).toEqual([expect.objectContaining({ sequence: 2 }), expect.objectContaining({ sequence: 3 })]);
    const [order] = await items('orders');
    expect(order).toMatchObject({ pk: 'order#ord_1001', status: 'SHIPPED', totalCents: 4499, version: 3 });
    const outbox = await client.send(
      new QueryCommand({ TableName: 'outbox', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: marshall({ ':pk': 'order#ord_1001' }) }),
    );
    const rows = (outbox.Items ?? []).map((i) => unmarshall(i)).filter((row) => row['sk'] !== '#sequence');
    expect(rows.map((row) => row['detailType'])).toEqual(['OrderPlaced', 'OrderPaid', 'OrderShipped']);
  });

  test.each([
    [{ action: 'pay', orderId: 'ord_404', amountCents: 1, method: 'card' }, 'OrderNotFound', /ord_404 does not exist/],
    [{ action: 'pay', orderId: 'ord_1001', amountCents: 4499, method: 'card' }, 'InvalidState', /it is SHIPPED, it must be PLACED/],
    [{ ...place, orderId: 'ord_1001' }, 'OrderExists', /already exists/],
    [{ action: 'refund', orderId: 'ord_1001' }, 'InvalidCommand', /action/],
    [
      { ...place, orderId: 'ord_2', lines: [{ sku: 'a', quantity: 0, unitPriceCents: 1 }] },
      'InvalidCommand',
      /lines\[0\]\.quantity must be an integer >= 1/,
    ],
  ])('%j is refused with %s and writes nothing', async (command, code, message) => {
    const before = (await items('outbox')).length;
    await expect(orders(command, lambdaContext())).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(await items('outbox')).toHaveLength(before);
  });

  test('paying the wrong amount is refused', async () => {
    await orders({ ...place, orderId: 'ord_1002' }, lambdaContext());
    await expect(orders({ action: 'pay', orderId: 'ord_1002', amountCents: 1, method: 'card' }, lambdaContext())).rejects.toMatchObject({
      code: 'PaymentMismatch',
    });
  });
});

describe('outbox -> bus -> consumers', () => {
  let deliveries: ReturnType<typeof delivered>[] = [];

  beforeAll(async () => {
    const bus = new FakeEventBus();
    const result = await publishOutboxStream(await readStream(ddb.endpoint, streamArn), { client: bus, eventBusName: 'orders' });
    expect(result.batchItemFailures).toEqual([]);
    deliveries = bus.accepted.map(delivered);
  });

  const batchFor = (events: ReturnType<typeof delivered>[]): SQSEvent => ({
    Records: events.map((e) => sqsRecord(e, (e.detail as { data: { orderId: string } }).data.orderId)),
  });

  test('inventory reserves on OrderPlaced, commits on OrderPaid and releases on OrderShipped, exactly once under redelivery', async () => {
    expect(await consumers['inventory']!(batchFor(deliveries), lambdaContext())).toEqual({ batchItemFailures: [] });
    expect(await consumers['inventory']!(batchFor(deliveries), lambdaContext())).toEqual({ batchItemFailures: [] });
    const state = await items('inventory-state');
    const mug = state.find((i) => i['pk'] === 'sku#sku-mug');
    expect(mug).toMatchObject({ reserved: 2, committed: 0, shipped: 2 });
    expect(state.find((i) => i['pk'] === 'order#ord_1001' && i['sk'] === 'reservation#sku-mug')).toMatchObject({ status: 'RELEASED', quantity: 2 });
    // ord_1002 was placed but not paid: its stock stays reserved.
    expect(state.find((i) => i['pk'] === 'order#ord_1002' && i['sk'] === 'reservation#sku-tee')).toMatchObject({ status: 'RESERVED' });
  });

  test('inventory fails an event of a major version it does not read, so it reaches the DLQ instead of being misread', async () => {
    const placed = deliveries.find((d) => d['detail-type'] === 'OrderPlaced')!;
    const v2 = { ...placed, detail: { ...placed.detail, metadata: { ...placed.detail.metadata, eventId: '01V2EVENT', eventVersion: '2' } } };
    const response = await consumers['inventory']!(batchFor([v2]), lambdaContext());
    expect(response.batchItemFailures).toHaveLength(1);
  });

  test('notifications records one notification per event', async () => {
    await consumers['notifications']!(batchFor(deliveries), lambdaContext());
    await consumers['notifications']!(batchFor(deliveries), lambdaContext());
    const notes = (await items('notifications-state')).filter((i) => i['pk'] === 'order#ord_1001');
    expect(notes.map((n) => n['detailType']).sort()).toEqual(['OrderPaid', 'OrderPlaced', 'OrderShipped']);
    expect(notes.find((n) => n['detailType'] === 'OrderShipped')!['text']).toContain('JD0001');
  });

  test('analytics counts each event once per type and day', async () => {
    await consumers['analytics']!(batchFor(deliveries), lambdaContext());
    await consumers['analytics']!(batchFor(deliveries), lambdaContext());
    const day = new Date().toISOString().slice(0, 10);
    const counts = Object.fromEntries((await items('analytics-state')).filter((i) => i['pk'] === `counts#${day}`).map((i) => [i['sk'], i['count']]));
    expect(counts).toEqual({ OrderPlaced: 2, OrderPaid: 1, OrderShipped: 1 });
  });
});
