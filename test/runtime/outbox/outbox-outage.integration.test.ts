/**
 * The outbox under a PutEvents outage longer than the stream mapping's retry budget: the mapping
 * gives up on the records (as Lambda does after MaximumRetryAttempts), and the scheduled sweeper,
 * already running, publishes every event once PutEvents works again; nobody acts.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { OrderService } from '../../../functions/orders/order-service';
import { startDynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import type { DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { compileFilterCriteria, DynamoDbStreamEventSource } from '../../../local/event-sources/index';
import { compilePattern } from '../../../local/eventbridge/index';
import { OutboxTable, PublishedSequences, publishOutboxStream, sweepOutbox } from '../../../runtime/outbox/index';
import { FakeEventBus } from '../support/fake-event-bus';
import { createPkSkTable } from '../support/tables';
import { createOutboxTable } from './support/outbox-tables';

const RETRY_ATTEMPTS = 2;

let ddb: DynamoDbLocal;
let client: DynamoDBClient;
let streams: DynamoDBStreamsClient;

beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  client = ddb.client();
  streams = new DynamoDBStreamsClient({ endpoint: ddb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
});
afterAll(async () => {
  client.destroy();
  streams.destroy();
  await ddb.stop();
});

let progress = () => '';

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${progress()})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('PutEvents refused for longer than the stream retry budget: every event arrives, each order in sequence order, after recovery without anyone acting', async () => {
  const tableName = 'outage-outbox';
  const ordersTableName = 'outage-orders';
  await createOutboxTable(client, tableName);
  await createPkSkTable(client, ordersTableName);
  const table = new OutboxTable({ client, tableName });
  const orders = new OrderService({ client, ordersTableName, outboxTableName: tableName });

  let down = false;
  const bus = new FakeEventBus(() => (down ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : undefined));
  const publishSettings = { sleep: async () => undefined, maxAttempts: 2 };
  const publishedSequences = new PublishedSequences();
  // The publisher function as the Outbox construct wires it: INSERT filter, bisect, partial batch responses, a retry budget.
  const source = await new DynamoDbStreamEventSource({
    mapping: 'Outage/Publisher',
    dynamodb: client,
    streams,
    tableName,
    streamArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${tableName}/stream/local`,
    region: 'us-east-1',
    fn: {
      name: 'outbox-publisher',
      invoke: (event) =>
        publishOutboxStream(event as DynamoDBStreamEvent, { client: bus, eventBusName: 'orders', table, publishedSequences, publish: publishSettings }),
    },
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:outbox-publisher',
    startingPosition: 'TRIM_HORIZON',
    batchSize: 100,
    bisectOnError: true,
    reportBatchItemFailures: true,
    maximumRetryAttempts: RETRY_ATTEMPTS,
    filter: compileFilterCriteria(
      { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
      (pattern) => {
        const compiled = compilePattern(pattern);
        return (event) => compiled.matches(event);
      },
      'Outage/Publisher',
    ),
    pollIntervalMs: 25,
  }).start();
  progress = () => `accepted ${bus.accepted.length}, stream ${JSON.stringify(source.stats())}`;
  // The schedule rule's sweeper, running all along (every 200 ms here, rows older than 500 ms).
  let sweeping = true;
  let sweeps = 0;
  const sweeper = (async () => {
    while (sweeping) {
      await sweepOutbox({ table, client: bus, eventBusName: 'orders', olderThanMs: 500, publish: publishSettings });
      sweeps += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();

  try {
    const written = new Map<string, { eventId: string; sequence: number }[]>();
    const record = (orderId: string, result: { eventId: string; sequence: number }) =>
      written.set(orderId, [...(written.get(orderId) ?? []), { eventId: result.eventId, sequence: result.sequence }]);
    const place = async (i: number) => {
      const r = await orders.execute({ action: 'place', orderId: `ord_o${i}`, customerId: 'c', lines: [{ sku: 'sku', quantity: 1, unitPriceCents: 100 }], currency: 'EUR', correlationId: undefined });
      record(r.orderId, r);
    };
    const pay = async (i: number) =>
      record(`ord_o${i}`, await orders.execute({ action: 'pay', orderId: `ord_o${i}`, amountCents: 100, method: 'card', paymentId: undefined, correlationId: undefined }));
    const ship = async (i: number) =>
      record(`ord_o${i}`, await orders.execute({ action: 'ship', orderId: `ord_o${i}`, carrier: 'dhl', trackingNumber: undefined, correlationId: undefined }));

    // Healthy: orders 0-4 placed and published by the stream.
    for (let i = 0; i < 5; i += 1) await place(i);
    await until(() => bus.accepted.length >= 5, 'the healthy events');

    // Outage: every PutEvents entry refused. Orders 0-4 paid and shipped, orders 5-9 placed and paid.
    down = true;
    for (let i = 0; i < 5; i += 1) await pay(i);
    for (let i = 5; i < 10; i += 1) await place(i);
    for (let i = 0; i < 5; i += 1) await ship(i);
    for (let i = 5; i < 10; i += 1) await pay(i);
    const duringOutage = 20;
    // The mapping's retry budget runs out: it gives up on (discards) the outage's records, as Lambda would.
    await until(() => source.stats().discarded >= duringOutage, 'the stream mapping to give up on the outage records');
    expect(source.stats().failedRecords).toBeGreaterThan(0);
    const acceptedDuringOutage = bus.accepted.length;
    expect(acceptedDuringOutage).toBe(5);

    // Recovery. Nobody acts: no redrive, no CLI. Orders 5-9 are also shipped afterwards, through the stream again.
    down = false;
    for (let i = 5; i < 10; i += 1) await ship(i);
    const all = [...written.values()].flat();
    expect(all).toHaveLength(30);
    await until(() => all.every((w) => bus.acceptedEventIds().includes(w.eventId)), 'every event to be published');

    // Each event arrives (consumers dedupe by eventId: count first arrivals), each order's in sequence order 1, 2, 3.
    const firstArrival = new Map<string, { orderId: string; sequence: number }>();
    for (const entry of bus.accepted) {
      const detail = JSON.parse(entry.Detail!);
      if (!firstArrival.has(detail.metadata.eventId)) firstArrival.set(detail.metadata.eventId, { orderId: detail.data.orderId, sequence: detail.metadata.sequence });
    }
    expect(new Set(firstArrival.keys())).toEqual(new Set(all.map((w) => w.eventId)));
    for (const [orderId, events] of written) {
      expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
      expect([...firstArrival.values()].filter((a) => a.orderId === orderId).map((a) => a.sequence)).toEqual([1, 2, 3]);
    }
    // Duplicates keep their eventId (so they are dropped downstream); the rows are all marked published.
    const eventIds = new Set(all.map((w) => w.eventId));
    expect(bus.acceptedEventIds().every((id) => eventIds.has(id))).toBe(true);
    await until(async () => (await table.pendingRows(Date.now(), 100)).length === 0, 'no row left pending');
    expect(sweeps).toBeGreaterThan(0);
  } finally {
    sweeping = false;
    await sweeper;
    await source.stop();
  }
});
