/**
 * The reordering-proof scenarios of the end-to-end tests: every order's events published through the
 * EventBridge SDK client in reverse, or shuffled with duplicates, end in the same inventory state as
 * published in order, and each order's notifications are created in sequence order. Run by
 * ordering.test.ts on a well-behaved runtime and by ordering-under-faults.test.ts under
 * `reorder=0.3,duplicate=0.2,seed=7`.
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { QueryCommand, GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { ulid } from 'ulid';
import type { LocalRouter } from '../../local/router/index';
import type { FaultSpec } from '../../local/faults';
import { fetchStatus, startE2eRouter, waitFor } from './support';

const ORDERS = 30;

/**
 * Registers the reordering-proof scenarios (hooks and tests) in the calling test file, on a runtime
 * started with `faults` (none: a well-behaved AWS).
 */
export function orderingScenarios(faults?: FaultSpec): void {
let router: LocalRouter;
let eventBridge: EventBridgeClient;
let dynamodb: DynamoDBClient;
let busName: string;

beforeAll(async () => {
  router = await startE2eRouter({ faults });
  eventBridge = new EventBridgeClient({
    endpoint: router.eventBridge.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  dynamodb = router.runtime.dynamoDbClient();
  busName = router.eventBridge.busNames.find((name) => name !== 'default')!;
}, 300_000);

afterAll(async () => {
  eventBridge?.destroy();
  await router?.stop();
});

const env = (consumer: string) => router.runtime.func(consumer).fn.definition.environment;

/** An order's three events, sequences 1-3, as the orders service would publish them. */
function orderEvents(orderId: string, sku: string): PutEventsRequestEntry[] {
  const entry = (detailType: string, eventType: string, sequence: number, data: Record<string, unknown>): PutEventsRequestEntry => ({
    EventBusName: busName,
    Source: 'orders-service',
    DetailType: detailType,
    Detail: JSON.stringify({
      metadata: { eventId: ulid(), eventType, eventVersion: '1', occurredAt: new Date().toISOString(), producer: 'orders-service', sequence },
      data: { orderId, ...data },
    }),
  });
  return [
    entry('OrderPlaced', 'order.placed', 1, { customerId: 'cus_1', lines: [{ sku, quantity: 2, unitPriceCents: 500 }], totalCents: 1000, currency: 'EUR' }),
    entry('OrderPaid', 'order.paid', 2, { paymentId: `pay_${orderId}`, amountCents: 1000, currency: 'EUR', method: 'card' }),
    entry('OrderShipped', 'order.shipped', 3, { shipmentId: `shp_${orderId}`, carrier: 'dhl', trackingNumber: 'JD1', shippedAt: new Date().toISOString() }),
  ];
}

async function publish(entries: PutEventsRequestEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += 10) {
    const result = await eventBridge.send(new PutEventsCommand({ Entries: entries.slice(start, start + 10) }));
    expect(result.FailedEntryCount).toBe(0);
  }
}

async function query(tableName: string, pk: string) {
  const out = await dynamodb.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: pk } }, ConsistentRead: true }),
  );
  return (out.Items ?? []).map((item) => unmarshall(item));
}

/** Waits until every order is shipped in inventory and has its 3 notifications, then checks both. */
async function expectSameAsInOrder(orderIds: string[], sku: string): Promise<void> {
  const inventory = env('inventory').STATE_TABLE_NAME!;
  const notifications = env('notifications').STATE_TABLE_NAME!;
  await waitFor(
    'every order to be released by inventory and notified 3 times',
    async () => {
      for (const orderId of orderIds) {
        const reservations = await query(inventory, `order#${orderId}`);
        if (reservations.length !== 1 || reservations[0]!['status'] !== 'RELEASED') return false;
        if ((await query(notifications, `order#${orderId}`)).length !== 3) return false;
      }
      return true;
    },
    180_000,
  );
  const stock = await dynamodb.send(new GetItemCommand({ TableName: inventory, Key: { pk: { S: `sku#${sku}` }, sk: { S: 'stock' } }, ConsistentRead: true }));
  expect(unmarshall(stock.Item!)).toMatchObject({ reserved: 0, committed: 0, shipped: 2 * orderIds.length });
  for (const orderId of orderIds) {
    const notes = (await query(notifications, `order#${orderId}`)).sort((a, b) => String(a['createdAt']).localeCompare(String(b['createdAt'])));
    expect({ orderId, order: notes.map((n) => n['detailType']) }).toEqual({ orderId, order: ['OrderPlaced', 'OrderPaid', 'OrderShipped'] });
  }
}

test(`${ORDERS} orders whose events are published in reverse, each twice, end as if published in order`, async () => {
  const run = ulid().toLowerCase().slice(-8);
  const sku = `sku-rev-${run}`;
  const orderIds = Array.from({ length: ORDERS }, (_, i) => `ord_rev${run}n${i}`);
  const entries = orderIds.flatMap((orderId) => orderEvents(orderId, sku).reverse().flatMap((e) => [e, e]));
  await publish(entries);
  await expectSameAsInOrder(orderIds, sku);
}, 240_000);

test(`${ORDERS} orders whose events are published shuffled across orders, with duplicates, end as if published in order`, async () => {
  const run = ulid().toLowerCase().slice(-8);
  const sku = `sku-mix-${run}`;
  const orderIds = Array.from({ length: ORDERS }, (_, i) => `ord_mix${run}n${i}`);
  const all = orderIds.flatMap((orderId) => orderEvents(orderId, sku));
  const withCopies = [...all, ...all.filter((_, i) => i % 3 !== 1)];
  const [shuffled] = fc.sample(fc.shuffledSubarray(withCopies, { minLength: withCopies.length }), { numRuns: 1, seed: 7 });
  await publish(shuffled!);
  await expectSameAsInOrder(orderIds, sku);
}, 240_000);

if (faults !== undefined) {
  test('the faults were injected during these runs and are counted in /status', async () => {
    const status = await fetchStatus(router.eventBridge.endpoint);
    const kinds = Object.keys(faults).filter((key) => !['seed', 'reorderDelayMs', 'putEventsOutageAfter', 'dynamodbOutageAfter'].includes(key)).length;
    expect(Object.keys(status.faults ?? {})).toHaveLength(kinds);
    for (const [kind, count] of Object.entries(status.faults ?? {})) expect({ kind, injected: count > 0 }).toEqual({ kind, injected: true });
  });
}
}
