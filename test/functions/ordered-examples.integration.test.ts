/**
 * The example consumers behind the resequencing consumer (ORDERED=true, group = orderId): an order's
 * events delivered reversed, or shuffled with duplicates, end in the same state as delivered in order.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import fc from 'fast-check';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import type { DynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import { createEvent } from '../../runtime/envelope/index';
import { fifoConsumer } from '../../runtime/fifo/index';
import { createConsumerValidator } from '../../runtime/schemas/index';
import { orderPaidV1Reader, orderPlacedV1_1Reader, orderShippedV1Reader } from '../../schemas/generated/compiled-validators';
import { createInventoryHandler } from '../../functions/inventory/inventory';
import { createNotificationsHandler } from '../../functions/notifications/notifications';
import { createDedupeTable, createPkSkTable } from '../runtime/support/tables';
import { lambdaContext, sqsRecord } from '../runtime/support/sqs-records';

type ConsumerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

let ddb: DynamoDbLocal;
let client: DynamoDBClient;
const ORDERS = 8;
const ARRIVALS = ['in-order', 'reversed', 'shuffled-duplicated'] as const;
const consumers = new Map<string, ConsumerHandler>();

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
    ORDERED: 'true',
  });
  await createDedupeTable(client, 'dedupe');
  // One consumer and state table per (consumer, arrival order), built as functions/<name>/index.ts builds
  // them (same handler, same validator), with ORDERED=true from the environment as the construct sets it.
  for (const arrival of ARRIVALS) {
    for (const [name, create] of [
      ['inventory', createInventoryHandler],
      ['notifications', createNotificationsHandler],
    ] as const) {
      const table = `${name}-${arrival}`;
      await createPkSkTable(client, table);
      consumers.set(
        table,
        fifoConsumer({
          handler: create({ client, tableName: table }),
          consumerName: table,
          dedupe: { client, tableName: 'dedupe' },
          parse: { validator: createConsumerValidator({ reads: [orderPlacedV1_1Reader, orderPaidV1Reader, orderShippedV1Reader] }) },
        }) as unknown as ConsumerHandler,
      );
    }
  }
});
afterAll(async () => {
  client.destroy();
  await ddb.stop();
});

/** The three events of an order with sequences 1, 2, 3, as EventBridge delivers them. */
function orderEvents(orderId: string): Record<string, unknown>[] {
  const events = [
    createEvent({
      source: 'orders-service',
      detailType: 'OrderPlaced',
      eventType: 'order.placed',
      sequence: 1,
      data: { orderId, customerId: 'cus_1', lines: [{ sku: 'sku-mug', quantity: 2, unitPriceCents: 1250 }], totalCents: 2500, currency: 'EUR' },
    }),
    createEvent({
      source: 'orders-service',
      detailType: 'OrderPaid',
      eventType: 'order.paid',
      sequence: 2,
      data: { orderId, paymentId: `pay_${orderId}`, amountCents: 2500, currency: 'EUR', method: 'card' },
    }),
    createEvent({
      source: 'orders-service',
      detailType: 'OrderShipped',
      eventType: 'order.shipped',
      sequence: 3,
      data: { orderId, shipmentId: `shp_${orderId}`, carrier: 'dhl', trackingNumber: 'JD1', shippedAt: '2026-11-30T10:00:00Z' },
    }),
  ];
  return events.map((e, i) => ({ version: '0', id: `eb-${orderId}-${i}`, source: e.source, 'detail-type': e.detailType, time: '2026-11-30T10:00:00Z', resources: [], detail: e.detail }));
}

/** Delivers `bodies` in that order, 10 per batch, as the event source mapping would. */
async function deliver(handler: ConsumerHandler, bodies: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < bodies.length; start += 10) {
    const batch = bodies.slice(start, start + 10).map((b) => sqsRecord(b, (b['detail'] as { data: { orderId: string } }).data.orderId));
    const response = await handler({ Records: batch }, lambdaContext());
    expect(response.batchItemFailures).toEqual([]);
  }
}

function arrivalOrder(arrival: (typeof ARRIVALS)[number], perOrder: Record<string, unknown>[][]): Record<string, unknown>[] {
  if (arrival === 'in-order') return perOrder.flat();
  if (arrival === 'reversed') return perOrder.flatMap((events) => [...events].reverse());
  const withCopies = perOrder.flatMap((events) => [...events, ...events]);
  return fc.sample(fc.shuffledSubarray(withCopies, { minLength: withCopies.length }), { numRuns: 1, seed: 42 })[0]!;
}

async function state(table: string) {
  return ((await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? []).map((i) => unmarshall(i));
}

test('inventory ends in the same reservations and stock whether an order\'s events arrive in order, reversed, or shuffled with duplicates', async () => {
  const perOrder = Array.from({ length: ORDERS }, (_, i) => orderEvents(`ord_${i}`));
  const finals = [];
  for (const arrival of ARRIVALS) {
    await deliver(consumers.get(`inventory-${arrival}`)!, arrivalOrder(arrival, perOrder));
    const items = await state(`inventory-${arrival}`);
    finals.push(items.map((i) => ({ pk: i['pk'], sk: i['sk'], status: i['status'], reserved: i['reserved'], committed: i['committed'], shipped: i['shipped'] })).sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`)));
  }
  expect(finals[0]).toContainEqual({ pk: 'sku#sku-mug', sk: 'stock', status: undefined, reserved: 0, committed: 0, shipped: 2 * ORDERS });
  expect(finals[0]!.filter((i) => i.status === 'RELEASED')).toHaveLength(ORDERS);
  expect(finals[1]).toEqual(finals[0]);
  expect(finals[2]).toEqual(finals[0]);
});

test('notifications are created in each order\'s sequence order whatever the arrival order', async () => {
  const perOrder = Array.from({ length: ORDERS }, (_, i) => orderEvents(`ord_${i}`));
  for (const arrival of ARRIVALS) {
    await deliver(consumers.get(`notifications-${arrival}`)!, arrivalOrder(arrival, perOrder));
    const notes = await state(`notifications-${arrival}`);
    for (let i = 0; i < ORDERS; i += 1) {
      const mine = notes.filter((n) => n['pk'] === `order#ord_${i}`).sort((a, b) => String(a['createdAt']).localeCompare(String(b['createdAt'])) || a['sequence'] - b['sequence']);
      expect(mine.map((n) => n['detailType'])).toEqual(['OrderPlaced', 'OrderPaid', 'OrderShipped']);
      expect(mine.map((n) => n['sequence'])).toEqual([1, 2, 3]);
    }
  }
});

test('inventory without sequences fails an OrderPaid whose OrderPlaced was not applied, instead of acknowledging it', async () => {
  const [placed, paid] = orderEvents('ord_unseq').map((body) => {
    const detail = body['detail'] as { metadata: Record<string, unknown> };
    const { sequence: _dropped, ...metadata } = detail.metadata;
    return { ...body, detail: { ...detail, metadata } };
  });
  const handler = consumers.get('inventory-in-order')!;
  const response = await handler({ Records: [sqsRecord(paid!, 'ord_unseq')] }, lambdaContext());
  expect(response.batchItemFailures).toHaveLength(1);
  await deliver(handler, [placed!, paid!]);
  const items = await state('inventory-in-order');
  expect(items.find((i) => i['pk'] === 'order#ord_unseq')).toMatchObject({ status: 'COMMITTED' });
});
