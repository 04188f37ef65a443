/**
 * The reprocess convention in the consumer (runtime/fifo/consume-batch.ts): a copy whose `replay-name` starts with
 * `reprocess-` is applied once more per replay, keyed by `<eventId>#<replay-name>`, without touching the entity's
 * cursor; a copy of any other replay is skipped like a redelivery. On DynamoDB Local and the local SQS endpoint.
 */
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { startDynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import type { DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { startSqs } from '../../../local/sqs/index';
import type { LocalSqs } from '../../../local/sqs/index';
import { transactional } from '../../../runtime/dedupe/index';
import { PermanentError } from '../../../runtime/fifo/index';
import type { EventHandler } from '../../../runtime/fifo/index';
import { orderedConsumer, recordOf, sequencedEvent } from '../support/ordered-consumer';
import { eventBridgeEvent, sqsRecord } from '../support/sqs-records';
import { createDedupeTable, createPkSkTable } from '../support/tables';

let ddb: DynamoDbLocal;
let client: DynamoDBClient;
let sqs: LocalSqs;
const TABLE = 'reprocess-dedupe';
const STATE = 'reprocess-state';

beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  client = ddb.client();
  sqs = await startSqs();
  await createDedupeTable(client, TABLE);
  await createPkSkTable(client, STATE);
});
afterAll(async () => {
  client.destroy();
  await sqs.stop();
  await ddb.stop();
});

/** The same event as delivered by a replay named `replayName`. */
const replayed = (body: Record<string, unknown>, replayName: string) => ({ ...body, 'replay-name': replayName });
const eventIdOf = (body: Record<string, unknown>) => (body['detail'] as { metadata: { eventId: string } }).metadata.eventId;

/** A transactional handler counting applications per eventId in the state table (exactly-once effects). */
function counter(): EventHandler {
  return (event) =>
    transactional([
      {
        Update: {
          TableName: STATE,
          Key: marshall({ pk: `applied#${event.idempotencyKey}`, sk: 'count' }),
          UpdateExpression: 'ADD #n :one',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: marshall({ ':one': 1 }),
        },
      },
    ]);
}

async function applications(eventId: string): Promise<number> {
  const out = await client.send(new GetItemCommand({ TableName: STATE, Key: marshall({ pk: `applied#${eventId}`, sk: 'count' }), ConsistentRead: true }));
  return Number(out.Item?.['n']?.N ?? 0);
}

describe('reprocess replays: unsequenced events', () => {
  test('a reprocess copy applies once more per replay; its redeliveries and a plain replay are skipped', async () => {
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler: counter() });
    const body = eventBridgeEvent({ orderId: 'ord_u1' });
    const eventId = eventIdOf(body);
    await c.invoke([sqsRecord(body, 'ord_u1')]);
    expect(await applications(eventId)).toBe(1);
    // A plain replay is a redelivery: skipped by the eventId marker.
    await c.invoke([sqsRecord(replayed(body, 'replay-x-1'), 'ord_u1')]);
    expect(await applications(eventId)).toBe(1);
    // A reprocess replay applies it again, once, even when SQS delivers its copy twice (in one batch and later).
    const copy = replayed(body, 'reprocess-x-1');
    await c.invoke([sqsRecord(copy, 'ord_u1'), sqsRecord(copy, 'ord_u1')]);
    await c.invoke([sqsRecord(copy, 'ord_u1')]);
    expect(await applications(eventId)).toBe(2);
    // Another reprocess replay applies it once more.
    await c.invoke([sqsRecord(replayed(body, 'reprocess-x-2'), 'ord_u1')]);
    expect(await applications(eventId)).toBe(3);
    expect(c.telemetry.counts.get('DuplicatesSkipped')).toBe(3);
    const markers = (await client.send(new ScanCommand({ TableName: TABLE }))).Items!.map((i) => i['pk']!.S!).filter((pk) => pk.startsWith(`${c.consumerName}#`));
    expect(markers.sort()).toEqual([`${c.consumerName}#${eventId}`, `${c.consumerName}#${eventId}#reprocess-x-1`, `${c.consumerName}#${eventId}#reprocess-x-2`].sort());
  });

  test('the handler sees the replay name, so it can tell a reprocessed copy from the live event', async () => {
    const seen: (string | undefined)[] = [];
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler: (event) => void seen.push(event.replayName) });
    const body = eventBridgeEvent({ orderId: 'ord_u2' });
    await c.invoke([sqsRecord(body, 'ord_u2')]);
    await c.invoke([sqsRecord(replayed(body, 'reprocess-y-1'), 'ord_u2')]);
    expect(seen).toEqual([undefined, 'reprocess-y-1']);
  });
});

describe('reprocess replays: sequenced events of an ordered consumer', () => {
  test('copies of applied sequences apply once each, in arrival order, and the cursor stays where it was', async () => {
    const applied: string[] = [];
    const c = await orderedConsumer({
      client,
      sqs,
      tableName: TABLE,
      handler: (event) => void applied.push(`${event.sequence}${event.replayName === undefined ? '' : '*'}`),
    });
    const events = [1, 2, 3].map((n) => sequencedEvent('ord_s1', n));
    await c.invoke(events.map(recordOf));
    const before = await c.store.readCursor('ord_s1');
    // A replay delivers a window unordered; SQS may deliver a copy twice.
    const copies = [events[2]!, events[0]!, events[1]!].map((e) => replayed(e, 'reprocess-s-1'));
    await c.invoke([...copies, copies[0]!].map(recordOf));
    await c.invoke(copies.map(recordOf));
    expect(applied).toEqual(['1', '2', '3', '3*', '1*', '2*']);
    const after = await c.store.readCursor('ord_s1');
    expect({ applied: after.applied, held: [...after.held], parked: after.parkedSequence, hashes: [...after.hashes] }).toEqual({
      applied: before.applied,
      held: [],
      parked: undefined,
      hashes: [...before.hashes],
    });
    // The live entity goes on as if nothing happened.
    await c.invoke([recordOf(sequencedEvent('ord_s1', 4))]);
    expect(applied.at(-1)).toBe('4');
  });

  test('a plain replay of applied sequences is skipped by the cursor', async () => {
    const applied: number[] = [];
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler: (event) => void applied.push(event.sequence!) });
    const events = [1, 2].map((n) => sequencedEvent('ord_s2', n));
    await c.invoke(events.map(recordOf));
    await c.invoke(events.map((e) => recordOf(replayed(e, 'replay-s-2'))));
    expect(applied).toEqual([1, 2]);
    expect(c.telemetry.counts.get('DuplicatesSkipped')).toBe(2);
  });

  test('a reprocess copy of a sequence the cursor has not reached is the live event: applied in order, once in all', async () => {
    const applied: number[] = [];
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler: (event) => void applied.push(event.sequence!) });
    const [one, two, three] = [1, 2, 3].map((n) => sequencedEvent('ord_s3', n));
    await c.invoke([recordOf(one!)]);
    // 3 arrives live and is held; the replayed copy of 2 fills the gap like any copy of 2 would.
    await c.invoke([recordOf(three!)]);
    await c.invoke([recordOf(replayed(two!, 'reprocess-s-3'))]);
    expect(applied).toEqual([1, 2, 3]);
    // The live 2, arriving late, is a duplicate.
    await c.invoke([recordOf(two!)]);
    expect(applied).toEqual([1, 2, 3]);
    expect((await c.store.readCursor('ord_s3')).applied).toBe(3);
  });

  test('a reprocess copy that fails for good is parked without quarantining its entity', async () => {
    const applied: string[] = [];
    const c = await orderedConsumer({
      client,
      sqs,
      tableName: TABLE,
      handler: (event) => {
        if (event.replayName !== undefined) throw new PermanentError('cannot reprocess');
        applied.push(String(event.sequence));
      },
    });
    const one = sequencedEvent('ord_s4', 1);
    await c.invoke([recordOf(one)]);
    await c.invoke([recordOf(replayed(one, 'reprocess-s-4'))]);
    const parked = await c.receiveAll(c.dlqUrl);
    expect(parked.map((m) => m.MessageAttributes?.['ErrorType']?.StringValue)).toEqual(['PermanentError']);
    expect((await c.store.readCursor('ord_s4')).parkedSequence).toBeUndefined();
    await c.invoke([recordOf(sequencedEvent('ord_s4', 2))]);
    expect(applied).toEqual(['1', '2']);
  });
});
