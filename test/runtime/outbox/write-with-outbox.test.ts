import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { startDynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import type { DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { createEvent } from '../../../runtime/envelope/index';
import {
  InvalidOutboxEventError,
  OutboxSequenceConflictError,
  OutboxTransactionCanceledError,
  SEQUENCE_ITEM_SK,
  writeWithOutbox,
} from '../../../runtime/outbox/index';
import { createPkSkTable } from '../support/tables';
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

async function tables() {
  n += 1;
  const ordersTable = `seq-orders-${n}`;
  const outboxTable = `seq-outbox-${n}`;
  await createPkSkTable(client, ordersTable);
  await createOutboxTable(client, outboxTable);
  return { ordersTable, outboxTable };
}

const orderEvent = (orderId: string, step: number) =>
  createEvent({ source: 'orders-service', detailType: 'OrderPlaced', eventType: 'order.placed', data: { orderId, step } });

async function eventRows(outboxTable: string) {
  const items = (await client.send(new ScanCommand({ TableName: outboxTable, ConsistentRead: true }))).Items ?? [];
  return items.map((item) => unmarshall(item)).filter((row) => row['sk'] !== SEQUENCE_ITEM_SK);
}

const sequenceOf = (row: Record<string, unknown>) => JSON.parse(row['detail'] as string).metadata.sequence as number;

describe('writeWithOutbox assigns each entity sequence numbers', () => {
  test("an entity's events are numbered 1, 2, 3 across calls, in detail.metadata.sequence and the row's sequence", async () => {
    const { outboxTable } = await tables();
    const results = [];
    for (let step = 0; step < 3; step += 1) {
      results.push(
        await writeWithOutbox(client, { outboxTableName: outboxTable, writes: [], events: [{ entityKey: 'order#ord_1', event: orderEvent('ord_1', step) }] }),
      );
    }
    expect(results.map((r) => r.sequences)).toEqual([[1], [2], [3]]);
    const rows = await eventRows(outboxTable);
    for (const row of rows) expect(sequenceOf(row)).toBe(row['sequence']);
    expect(rows.map((r) => r['sequence']).sort()).toEqual([1, 2, 3]);
  });

  test('several events of one call take consecutive numbers in input order; each entity counts on its own', async () => {
    const { outboxTable } = await tables();
    await writeWithOutbox(client, { outboxTableName: outboxTable, writes: [], events: [{ entityKey: 'order#a', event: orderEvent('a', 0) }] });
    const result = await writeWithOutbox(client, {
      outboxTableName: outboxTable,
      writes: [],
      events: [
        { entityKey: 'order#a', event: orderEvent('a', 1) },
        { entityKey: 'order#b', event: orderEvent('b', 0) },
        { entityKey: 'order#a', event: orderEvent('a', 2) },
      ],
    });
    expect(result.sequences).toEqual([2, 1, 3]);
  });

  test('concurrent writers of one entity never assign the same number: 1..N, no gap, no repeat', async () => {
    const { outboxTable } = await tables();
    const writers = 16;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        writeWithOutbox(client, {
          outboxTableName: outboxTable,
          writes: [],
          events: [{ entityKey: 'order#hot', event: orderEvent('hot', i) }],
          maxSequenceAttempts: 200,
        }),
      ),
    );
    const assigned = results.map((r) => r.sequences[0]!).sort((a, b) => a - b);
    expect(assigned).toEqual(Array.from({ length: writers }, (_, i) => i + 1));
    const rows = await eventRows(outboxTable);
    expect(rows.map(sequenceOf).sort((a, b) => a - b)).toEqual(assigned);
    const item = await client.send(
      new GetItemCommand({ TableName: outboxTable, Key: marshall({ pk: 'order#hot', sk: SEQUENCE_ITEM_SK }), ConsistentRead: true }),
    );
    expect(unmarshall(item.Item!)['sequence']).toBe(writers);
  });

  test('a writer that keeps losing the race gets OutboxSequenceConflictError and writes nothing', async () => {
    const { outboxTable } = await tables();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        writeWithOutbox(client, {
          outboxTableName: outboxTable,
          writes: [],
          events: [{ entityKey: 'order#busy', event: orderEvent('busy', i) }],
          maxSequenceAttempts: 1,
        }),
      ),
    );
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    const fulfilled = outcomes.filter((o) => o.status === 'fulfilled');
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) {
      expect(r.reason).toBeInstanceOf(OutboxSequenceConflictError);
      expect((r.reason as Error).message).toMatch(/order#busy.*retry the command/);
    }
    const rows = await eventRows(outboxTable);
    expect(rows).toHaveLength(fulfilled.length);
    expect(rows.map(sequenceOf).sort((a, b) => a - b)).toEqual(Array.from({ length: fulfilled.length }, (_, i) => i + 1));
  });

  test("a failed business condition is not retried and consumes no number", async () => {
    const { ordersTable, outboxTable } = await tables();
    const guarded: TransactWriteItem = {
      Put: { TableName: ordersTable, Item: marshall({ pk: 'order#c', sk: 'order' }), ConditionExpression: 'attribute_exists(pk)' },
    };
    await expect(
      writeWithOutbox(client, { outboxTableName: outboxTable, writes: [guarded], events: [{ entityKey: 'order#c', event: orderEvent('c', 0) }] }),
    ).rejects.toThrow(OutboxTransactionCanceledError);
    const next = await writeWithOutbox(client, { outboxTableName: outboxTable, writes: [], events: [{ entityKey: 'order#c', event: orderEvent('c', 1) }] });
    expect(next.sequences).toEqual([1]);
  });

  test('an event that already carries metadata.sequence is refused: the outbox assigns it', async () => {
    const event = orderEvent('d', 0);
    const original = JSON.parse(JSON.stringify(event.detail));
    const detail = { ...original, metadata: { ...original.metadata, sequence: 7 } };
    await expect(
      writeWithOutbox(client, { outboxTableName: 'unused', writes: [], events: [{ entityKey: 'order#d', event: { ...event, detail } }] }),
    ).rejects.toThrow(InvalidOutboxEventError);
  });

  test("the caller's event object is not changed", async () => {
    const { outboxTable } = await tables();
    const event = orderEvent('e', 0);
    const before = JSON.stringify(event);
    await writeWithOutbox(client, { outboxTableName: outboxTable, writes: [], events: [{ entityKey: 'order#e', event }] });
    expect(JSON.stringify(event)).toBe(before);
  });
});
