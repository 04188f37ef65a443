import { GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { startDynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import type { DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { transactional } from '../../../runtime/dedupe/index';
import { fifoConsumer } from '../../../runtime/fifo/index';
import type { EventHandler } from '../../../runtime/fifo/index';
import { createDedupeTable, createPkSkTable } from '../support/tables';
import { countCommands, failNext } from '../support/client-faults';
import { eventBridgeEvent, lambdaContext, sqsEvent, sqsRecord } from '../support/sqs-records';
import { recordingTelemetry } from '../support/telemetry';

let ddb: DynamoDbLocal;
let client: DynamoDBClient;
let tableCounter = 0;

beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  client = ddb.client();
});
afterAll(async () => {
  client.destroy();
  await ddb.stop();
});

/** A fresh dedupe + state table pair and a consumer over them. */
async function setup(handler: EventHandler, options: { client?: DynamoDBClient } = {}) {
  tableCounter += 1;
  const dedupeTable = `dedupe-${tableCounter}`;
  const stateTable = `state-${tableCounter}`;
  await createDedupeTable(client, dedupeTable);
  await createPkSkTable(client, stateTable);
  const telemetry = recordingTelemetry('orders-projection');
  const consumer = fifoConsumer({
    handler,
    consumerName: 'orders-projection',
    dedupe: { client: options.client ?? client, tableName: dedupeTable },
    telemetry,
  });
  const invoke = (records: SQSRecord[]) => consumer(sqsEvent(records), lambdaContext());
  return { dedupeTable, stateTable, telemetry, consumer, invoke };
}

/** Processed markers only: failed-attempt counters live in the same table. */
async function countMarkers(tableName: string): Promise<number> {
  const scan = await client.send(new ScanCommand({ TableName: tableName }));
  return (scan.Items ?? []).filter((item) => !item['pk']!.S!.includes('#attempts#')).length;
}

test('each new event reaches the handler once and gets one marker with a TTL', async () => {
  const handled: string[] = [];
  const { invoke, dedupeTable, telemetry } = await setup(async (event) => {
    handled.push(event.idempotencyKey);
  });
  const records = [1, 2, 3].map((n) => sqsRecord(eventBridgeEvent({ orderId: `ord_${n}` }), `ord_${n}`));
  const response = await invoke(records);
  expect(response).toEqual({ batchItemFailures: [] });
  expect(handled).toHaveLength(3);
  expect(await countMarkers(dedupeTable)).toBe(3);
  const marker = await client.send(new GetItemCommand({ TableName: dedupeTable, Key: marshall({ pk: `orders-projection#${handled[0]}` }) }));
  const expiresAt = Number(marker.Item?.['expiresAt']?.N);
  expect(expiresAt - Date.now() / 1000).toBeGreaterThan(7 * 24 * 3600 - 60);
  expect(telemetry.counts.get('EventsProcessed')).toBe(3);
});

test('a redelivered event is skipped, counted and logged with its eventId, and never reaches the handler', async () => {
  let calls = 0;
  const { invoke, telemetry } = await setup(async () => {
    calls += 1;
  });
  const body = eventBridgeEvent({ orderId: 'ord_dup' });
  await invoke([sqsRecord(body, 'ord_dup')]);
  const response = await invoke([sqsRecord(body, 'ord_dup')]);
  expect(response.batchItemFailures).toEqual([]);
  expect(calls).toBe(1);
  expect(telemetry.counts.get('DuplicatesSkipped')).toBe(1);
  const eventId = (body['detail'] as { metadata: { eventId: string } }).metadata.eventId;
  expect(telemetry.logged).toContainEqual(
    expect.objectContaining({ message: 'Duplicate event skipped', attributes: expect.objectContaining({ eventId }) }),
  );
});

test('the same event twice in one batch runs once', async () => {
  let calls = 0;
  const { invoke } = await setup(async () => {
    calls += 1;
  });
  const body = eventBridgeEvent({ orderId: 'ord_twice' });
  await invoke([sqsRecord(body, 'ord_twice'), sqsRecord(body, 'ord_twice')]);
  expect(calls).toBe(1);
});

test('the happy path costs one BatchGetItem per batch and one PutItem per message', async () => {
  const counted = ddb.client();
  const counts = countCommands(counted);
  const { invoke } = await setup(async () => undefined, { client: counted });
  await invoke(Array.from({ length: 10 }, (_, i) => sqsRecord(eventBridgeEvent({ orderId: `ord_c${i}` }), `g${i % 3}`)));
  expect(Object.fromEntries(counts)).toEqual({ BatchGetItemCommand: 1, PutItemCommand: 10 });
  counted.destroy();
});

test('a crash between the side effect and the marker repeats the effect at most once', async () => {
  const faulty = ddb.client();
  const crash = failNext(faulty, 'PutItemCommand', 'before');
  let effects = 0;
  const { invoke } = await setup(
    async () => {
      effects += 1;
    },
    { client: faulty },
  );
  const record = sqsRecord(eventBridgeEvent({ orderId: 'ord_crash' }), 'ord_crash');
  const first = await invoke([record]);
  expect(crash.fired()).toBe(true);
  expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
  await invoke([record]);
  await invoke([record]);
  expect(effects).toBe(2);
  faulty.destroy();
});

test('transactional mode: writes commit with the marker, exactly once across a crash after commit and a concurrent duplicate', async () => {
  const faulty = ddb.client();
  const crash = failNext(faulty, 'TransactWriteItemsCommand', 'after');
  let stateTable = '';
  const handler: EventHandler = () =>
    transactional([
      {
        Update: {
          TableName: stateTable,
          Key: marshall({ pk: 'counter', sk: 'orders' }),
          UpdateExpression: 'ADD #n :one',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: marshall({ ':one': 1 }),
        },
      },
    ]);
  const setupResult = await setup(handler, { client: faulty });
  stateTable = setupResult.stateTable;
  const body = eventBridgeEvent({ orderId: 'ord_tx' });
  const first = await setupResult.invoke([sqsRecord(body, 'ord_tx')]);
  expect(crash.fired()).toBe(true);
  expect(first.batchItemFailures).toHaveLength(1);
  await Promise.all([setupResult.invoke([sqsRecord(body, 'ord_tx')]), setupResult.invoke([sqsRecord(body, 'ord_tx')])]);
  const other = eventBridgeEvent({ orderId: 'ord_tx2' });
  await Promise.all([setupResult.invoke([sqsRecord(other, 'ord_tx2')]), setupResult.invoke([sqsRecord(other, 'ord_tx2')])]);
  const counter = await client.send(new GetItemCommand({ TableName: stateTable, Key: marshall({ pk: 'counter', sk: 'orders' }) }));
  expect(unmarshall(counter.Item!)['n']).toBe(2);
  faulty.destroy();
});

test('a transactional write whose own condition fails leaves the event unprocessed and the message failed', async () => {
  let stateTable = '';
  const setupResult = await setup(() =>
    transactional([{ Put: { TableName: stateTable, Item: marshall({ pk: 'x', sk: 'y' }), ConditionExpression: 'attribute_exists(pk)' } }]),
  );
  stateTable = setupResult.stateTable;
  const response = await setupResult.invoke([sqsRecord(eventBridgeEvent({ orderId: 'ord_cond' }), 'ord_cond')]);
  expect(response.batchItemFailures).toHaveLength(1);
  expect(await countMarkers(setupResult.dedupeTable)).toBe(0);
  expect(setupResult.telemetry.logged).toContainEqual(
    expect.objectContaining({
      level: 'error',
      attributes: expect.objectContaining({ error: expect.objectContaining({ name: 'TransactionalWriteError' }) }),
    }),
  );
});

test('group order under failures: the failed message and the rest of its group come back, other groups finish, redelivery resumes in order', async () => {
  const seen: string[] = [];
  let failOnce = true;
  const { invoke } = await setup(async (event) => {
    const step = (event.data as { step: string }).step;
    if (step === 'A2' && failOnce) {
      failOnce = false;
      throw new Error('payment service unavailable');
    }
    seen.push(step);
  });
  const steps = ['A1', 'B1', 'A2', 'B2', 'A3', 'B3'];
  const records = steps.map((step) => sqsRecord(eventBridgeEvent({ orderId: `ord_${step[0]}`, step }), `ord_${step[0]}`, step));
  const first = await invoke(records);
  expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['A2', 'A3']);
  expect(seen.filter((s) => s.startsWith('A'))).toEqual(['A1']);
  expect(seen.filter((s) => s.startsWith('B'))).toEqual(['B1', 'B2', 'B3']);
  // SQS FIFO redelivers the group from the failed message on.
  const second = await invoke(records.filter((r) => ['A2', 'A3'].includes(r.messageId)));
  expect(second.batchItemFailures).toEqual([]);
  expect(seen.filter((s) => s.startsWith('A'))).toEqual(['A1', 'A2', 'A3']);
});

test('a malformed message fails with a logged reason, blocks only its group and never reaches the handler', async () => {
  let calls = 0;
  const { invoke, telemetry } = await setup(async () => {
    calls += 1;
  });
  const records = [
    sqsRecord('{"not": "an event"', 'G1', 'bad'),
    sqsRecord(eventBridgeEvent({ orderId: 'ord_after' }), 'G1', 'after'),
    sqsRecord(eventBridgeEvent({ orderId: 'ord_ok' }), 'G2', 'ok'),
  ];
  const response = await invoke(records);
  expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['bad', 'after']);
  expect(calls).toBe(1);
  expect(telemetry.logged).toContainEqual(
    expect.objectContaining({
      level: 'error',
      attributes: expect.objectContaining({ messageId: 'bad', field: 'body', reason: expect.stringContaining('not valid JSON') }),
    }),
  );
  expect(telemetry.counts.get('EventsFailed')).toBe(1);
});

test('events without our envelope are deduplicated on the EventBridge id', async () => {
  let calls = 0;
  const { invoke } = await setup(async (event) => {
    calls += 1;
    expect(event.idempotencyKeySource).toBe('eventbridge-id');
  });
  const raw = {
    version: '0',
    id: 'aws-event-1',
    source: 'aws.s3',
    'detail-type': 'Object Created',
    time: '2026-11-23T10:00:00Z',
    resources: [],
    detail: { bucket: 'b' },
  };
  await invoke([sqsRecord(raw, 'static')]);
  await invoke([sqsRecord(raw, 'static')]);
  expect(calls).toBe(1);
});

test('it is a middy handler: other middlewares compose around it', async () => {
  const { consumer } = await setup(async () => undefined);
  const trail: string[] = [];
  consumer.use({
    before: async () => void trail.push('before'),
    after: async (request) => void trail.push(`after:${JSON.stringify(request.response)}`),
  });
  await consumer(sqsEvent([sqsRecord(eventBridgeEvent({ orderId: 'ord_mw' }), 'g')]), lambdaContext());
  expect(trail).toEqual(['before', 'after:{"batchItemFailures":[]}']);
});

test('an expired marker that TTL has not swept yet does not hide a legitimate reprocessing', async () => {
  let calls = 0;
  const { invoke, dedupeTable } = await setup(async () => {
    calls += 1;
  });
  const body = eventBridgeEvent({ orderId: 'ord_exp' });
  const eventId = (body['detail'] as { metadata: { eventId: string } }).metadata.eventId;
  await client.send(new PutItemCommand({ TableName: dedupeTable, Item: marshall({ pk: `orders-projection#${eventId}`, expiresAt: 1000 }) }));
  await invoke([sqsRecord(body, 'g')]);
  expect(calls).toBe(1);
});
