import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { startDynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import type { DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { startSqs } from '../../../local/sqs/index';
import type { LocalSqs } from '../../../local/sqs/index';
import { transactional } from '../../../runtime/dedupe/index';
import { PermanentError } from '../../../runtime/fifo/index';
import type { EventHandler } from '../../../runtime/fifo/index';
import { readSequencingSettings, skipParkedSequence, sweepGaps } from '../../../runtime/sequencing/index';
import { countCommands } from '../support/client-faults';
import { orderedConsumer, recordOf, sequencedEvent, toRecord } from '../support/ordered-consumer';
import { sqsRecord } from '../support/sqs-records';
import { eventBridgeEvent } from '../support/sqs-records';
import { createDedupeTable, createPkSkTable } from '../support/tables';

let ddb: DynamoDbLocal;
let client: DynamoDBClient;
let sqs: LocalSqs;
const TABLE = 'ordered-dedupe';
const STATE = 'ordered-state';

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

/** A handler recording `entity:sequence` in the order it applies events. */
function recorder(): { applied: string[]; handler: EventHandler } {
  const applied: string[] = [];
  return {
    applied,
    handler: async (event) => {
      applied.push(`${(event.data as { orderId: string }).orderId}:${event.sequence}`);
    },
  };
}

async function itemsOf(consumerName: string) {
  const scan = await client.send(new ScanCommand({ TableName: TABLE }));
  return (scan.Items ?? []).filter((item) => item['pk']!.S!.startsWith(`${consumerName}#`));
}

describe('ordered consumer: sequence order whatever the arrival order', () => {
  test('in-order events cost one DynamoDB write each: a conditional cursor update, no marker', async () => {
    const { applied, handler } = recorder();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler });
    const counts = countCommands(client);
    const response = await c.invoke([1, 2, 3].map((n) => recordOf(sequencedEvent('ord_a', n))));
    expect(response.batchItemFailures).toEqual([]);
    expect(applied).toEqual(['ord_a:1', 'ord_a:2', 'ord_a:3']);
    expect(counts.get('UpdateItemCommand')).toBe(3);
    expect(counts.get('PutItemCommand') ?? 0).toBe(0);
    expect(counts.get('TransactWriteItemsCommand') ?? 0).toBe(0);
    const items = await itemsOf(c.consumerName);
    expect(items.map((i) => i['pk']!.S)).toEqual([`${c.consumerName}#cursor#ord_a`]);
    expect(items[0]!['applied']).toEqual({ N: '3' });
  });

  test('events arriving in reverse in one batch are held, then applied in order when the first arrives', async () => {
    const { applied, handler } = recorder();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler });
    const response = await c.invoke([3, 2, 1].map((n) => recordOf(sequencedEvent('ord_r', n))));
    expect(response.batchItemFailures).toEqual([]);
    expect(applied).toEqual(['ord_r:1', 'ord_r:2', 'ord_r:3']);
    expect(c.telemetry.counts.get('EventsHeld')).toBe(2);
    expect(c.telemetry.counts.get('HeldEventsApplied')).toBe(2);
    const items = await itemsOf(c.consumerName);
    expect(items).toHaveLength(1);
    expect(items[0]!['held']).toBeUndefined();
    expect(items[0]!['gapOpenSince']).toBeUndefined();
  });

  test('a held event is acknowledged at once and drained in the invocation that fills the gap, with no further arrival', async () => {
    const { applied, handler } = recorder();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler });
    expect((await c.invoke([recordOf(sequencedEvent('ord_x', 3))])).batchItemFailures).toEqual([]);
    expect((await c.invoke([recordOf(sequencedEvent('ord_x', 2))])).batchItemFailures).toEqual([]);
    expect(applied).toEqual([]);
    expect((await c.store.listOpenGaps()).map((g) => [...g.held].sort())).toEqual([[2, 3]]);
    await c.invoke([recordOf(sequencedEvent('ord_x', 1))]);
    expect(applied).toEqual(['ord_x:1', 'ord_x:2', 'ord_x:3']);
    expect(await c.store.listOpenGaps()).toEqual([]);
  });

  test('redeliveries of applied and of held events are skipped as duplicates', async () => {
    const { applied, handler } = recorder();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler });
    const one = sequencedEvent('ord_d', 1);
    const three = sequencedEvent('ord_d', 3);
    await c.invoke([recordOf(one), recordOf(three), recordOf(one), recordOf(three)]);
    expect(applied).toEqual(['ord_d:1']);
    expect(c.telemetry.counts.get('DuplicatesSkipped')).toBe(2);
    await c.invoke([recordOf(sequencedEvent('ord_d', 2))]);
    expect(applied).toEqual(['ord_d:1', 'ord_d:2', 'ord_d:3']);
  });

  test('an entity + sequence reused for different content is reported and parked, not skipped as a duplicate', async () => {
    const { applied, handler } = recorder();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler });
    await c.invoke([recordOf(sequencedEvent('ord_c', 1, { v: 'original' }))]);
    const response = await c.invoke([recordOf(sequencedEvent('ord_c', 1, { v: 'different' }))]);
    expect(response.batchItemFailures).toEqual([]);
    expect(applied).toEqual(['ord_c:1']);
    expect(c.telemetry.counts.get('DuplicatesSkipped')).toBeUndefined();
    expect(c.telemetry.counts.get('EventsParked')).toBe(1);
    const parked = await c.receiveAll(c.dlqUrl);
    expect(parked[0]!.MessageAttributes?.['ErrorType']?.StringValue).toBe('ContentConflictError');
  });

  test('an eventId reused for different content on an unsequenced event is reported and parked', async () => {
    const { handler } = recorder();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler });
    const first = eventBridgeEvent({ orderId: 'ord_u', v: 1 }, { eventId: 'evt-reused' });
    const second = eventBridgeEvent({ orderId: 'ord_u', v: 2 }, { eventId: 'evt-reused' });
    await c.invoke([sqsRecord(first, 'ord_u')]);
    await c.invoke([sqsRecord(first, 'ord_u')]);
    await c.invoke([sqsRecord(second, 'ord_u')]);
    expect(c.telemetry.counts.get('DuplicatesSkipped')).toBe(1);
    expect(c.telemetry.counts.get('EventsParked')).toBe(1);
    expect(c.telemetry.logged).toContainEqual(expect.objectContaining({ attributes: expect.objectContaining({ errorType: 'ContentConflictError' }) }));
  });

  test('unsequenced events of an ordered consumer keep per-eventId markers and arrival order', async () => {
    const { handler } = recorder();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler });
    const body = eventBridgeEvent({ orderId: 'ord_plain' });
    await c.invoke([sqsRecord(body, 'ord_plain'), sqsRecord(body, 'ord_plain')]);
    const items = await itemsOf(c.consumerName);
    expect(items.map((i) => i['pk']!.S)).toEqual([`${c.consumerName}#${(body['detail'] as { metadata: { eventId: string } }).metadata.eventId}`]);
    expect(c.telemetry.counts.get('DuplicatesSkipped')).toBe(1);
  });

  test('in transactional mode the cursor update joins the handler transaction: one request per event, drained events too', async () => {
    const c = await orderedConsumer({
      client,
      sqs,
      tableName: TABLE,
      handler: async (event) =>
        transactional([
          {
            Update: {
              TableName: STATE,
              Key: marshall({ pk: `tx#${(event.data as { orderId: string }).orderId}`, sk: 'log' }),
              UpdateExpression: 'SET #log = list_append(if_not_exists(#log, :empty), :seq)',
              ExpressionAttributeNames: { '#log': 'log' },
              ExpressionAttributeValues: marshall({ ':empty': [], ':seq': [event.sequence] }),
            },
          },
        ]),
    });
    const counts = countCommands(client);
    await c.invoke([1, 2].map((n) => recordOf(sequencedEvent('ord_t', n))));
    expect(counts.get('TransactWriteItemsCommand')).toBe(2);
    expect(counts.get('UpdateItemCommand') ?? 0).toBe(0);
    await c.invoke([4, 3].map((n) => recordOf(sequencedEvent('ord_t', n))));
    const state = await client.send(new ScanCommand({ TableName: STATE }));
    const log = state.Items!.find((i) => i['pk']!.S === 'tx#ord_t')!['log']!.L!.map((v) => Number(v.N));
    expect(log).toEqual([1, 2, 3, 4]);
  });
});

describe('ordered consumer: permanent failures and quarantine', () => {
  test('a PermanentError parks the message at once with contract attributes, and holds the entity behind it until redriven', async () => {
    const applied: string[] = [];
    let refuse = true;
    const c = await orderedConsumer({
      client,
      sqs,
      tableName: TABLE,
      handler: async (event) => {
        if (event.sequence === 2 && refuse) throw new PermanentError('order ord_p conflicts with a cancelled order');
        applied.push(`${event.sequence}`);
      },
    });
    const two = sequencedEvent('ord_p', 2);
    const response = await c.invoke([1, 2, 3].map((n) => recordOf(n === 2 ? two : sequencedEvent('ord_p', n))));
    expect(response.batchItemFailures).toEqual([]);
    expect(applied).toEqual(['1']);
    const [parked] = await c.receiveAll(c.dlqUrl);
    expect(parked!.Attributes?.['MessageGroupId']).toBe('ord_p');
    const attrs = Object.fromEntries(Object.entries(parked!.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]));
    expect(attrs).toMatchObject({
      ErrorType: 'PermanentError',
      ErrorMessage: 'order ord_p conflicts with a cancelled order',
      ParkedBy: 'consumer',
      EventId: (two['detail'] as { metadata: { eventId: string } }).metadata.eventId,
      Entity: 'ord_p',
      Sequence: '2',
    });
    expect(Date.parse(attrs['ParkedAt']!)).not.toBeNaN();
    // Later events wait behind the parked one.
    await c.invoke([recordOf(sequencedEvent('ord_p', 4))]);
    expect(applied).toEqual(['1']);
    // Redriven (same body, new message): applied, quarantine released, held successors drained.
    refuse = false;
    await c.invoke([toRecord(parked!)]);
    expect(applied).toEqual(['1', '2', '3', '4']);
    expect((await c.store.readCursor('ord_p')).parkedSequence).toBeUndefined();
  });

  test('skipping a parked sequence releases the quarantine and the held events are applied in order', async () => {
    const applied: number[] = [];
    const c = await orderedConsumer({
      client,
      sqs,
      tableName: TABLE,
      handler: async (event) => {
        if (event.sequence === 1) throw new PermanentError('never applicable');
        applied.push(event.sequence!);
      },
    });
    await c.invoke([1, 2, 3].map((n) => recordOf(sequencedEvent('ord_s', n))));
    expect(applied).toEqual([]);
    const result = await skipParkedSequence({ store: c.store, sqs: c.sqs, queueUrl: c.queueUrl, entity: 'ord_s', sequence: 1 });
    expect(result).toEqual({ entity: 'ord_s', skipped: 1, held: 2, released: true });
    const resent = await c.receiveAll(c.queueUrl);
    await c.invoke(resent.map(toRecord));
    expect(applied).toEqual([2, 3]);
    await expect(skipParkedSequence({ store: c.store, sqs: c.sqs, queueUrl: c.queueUrl, entity: 'ord_s', sequence: 1 })).rejects.toThrow(
      /not quarantined/,
    );
  });

  test('a late arrival of a skipped sequence is parked, not taken for a duplicate', async () => {
    const c = await orderedConsumer({
      client,
      sqs,
      tableName: TABLE,
      handler: async (event) => {
        if (event.sequence === 1) throw new PermanentError('no');
      },
    });
    const one = sequencedEvent('ord_l', 1);
    await c.invoke([recordOf(one)]);
    await c.receiveAll(c.dlqUrl);
    await skipParkedSequence({ store: c.store, sqs: c.sqs, queueUrl: c.queueUrl, entity: 'ord_l', sequence: 1 });
    await c.invoke([recordOf(one)]);
    const [parked] = await c.receiveAll(c.dlqUrl);
    expect(parked!.MessageAttributes?.['ErrorType']?.StringValue).toBe('SkippedSequenceArrivedError');
  });

  test('a malformed message is parked at once with the field in its reason, and the rest of its group goes on', async () => {
    const { applied, handler } = recorder();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler });
    const response = await c.invoke([sqsRecord('{"not": "an event"', 'ord_m'), recordOf(sequencedEvent('ord_m', 1))]);
    expect(response.batchItemFailures).toEqual([]);
    expect(applied).toEqual(['ord_m:1']);
    const [parked] = await c.receiveAll(c.dlqUrl);
    expect(parked!.MessageAttributes?.['ErrorType']?.StringValue).toBe('MalformedEventError');
    expect(parked!.MessageAttributes?.['ErrorMessage']?.StringValue).toMatch(/body is not valid JSON/);
  });

  test('schema-invalid data is parked at once and quarantines its entity', async () => {
    const { applied, handler } = recorder();
    const c = await orderedConsumer({
      client,
      sqs,
      tableName: TABLE,
      handler,
      parse: {
        validator: {
          validate: (event) => {
            if ((event.detail as { data: { bad?: boolean } }).data.bad === true) throw new Error('data.bad must not be true');
          },
        },
      },
    });
    await c.invoke([recordOf(sequencedEvent('ord_v', 1, { bad: true })), recordOf(sequencedEvent('ord_v', 2))]);
    expect(applied).toEqual([]);
    const [parked] = await c.receiveAll(c.dlqUrl);
    expect(parked!.MessageAttributes?.['ErrorType']?.StringValue).toBe('EventRejectedByValidatorError');
    expect((await c.store.readCursor('ord_v')).parkedSequence).toBe(1);
  });
  test('a held event that fails permanently while the DLQ refuses it stays held, and is parked once the DLQ accepts it', async () => {
    const c = await orderedConsumer({
      client,
      sqs,
      tableName: TABLE,
      handler: async (event) => {
        if (event.sequence === 3) throw new PermanentError('sequence 3 conflicts');
      },
    });
    await c.invoke([recordOf(sequencedEvent('ord_hp', 1))]);
    await c.invoke([recordOf(sequencedEvent('ord_hp', 3))]);
    // 2 is applied and acknowledged; the drain applies 3 from the table, which fails while the DLQ is down.
    const refuseDlq = 'refuse-dlq';
    c.sqs.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'SendMessageCommand' && (args.input as { QueueUrl?: string }).QueueUrl === c.dlqUrl) throw new Error('SQS unavailable');
        return next(args);
      },
      { step: 'initialize', name: refuseDlq },
    );
    try {
      expect((await c.invoke([recordOf(sequencedEvent('ord_hp', 2))])).batchItemFailures).toEqual([]);
    } finally {
      c.sqs.middlewareStack.remove(refuseDlq);
    }
    expect(await c.receiveAll(c.dlqUrl)).toEqual([]);
    // Nothing was lost: 3 is still held, so the gap sweeper re-sends it and it is parked this time.
    const cursor = await c.store.readCursor('ord_hp');
    expect(cursor.held.has(3)).toBe(true);
    expect(await c.store.readHeld('ord_hp', 3)).toBeDefined();
    const sweep = await sweepGaps({ store: c.store, settings: readSequencingSettings({}, { ordered: true }), sqs: c.sqs, queueUrl: c.queueUrl, telemetry: c.telemetry });
    expect(sweep.released).toBe(1);
    await c.invoke((await c.receiveAll(c.queueUrl)).map(toRecord));
    const parked = await c.receiveAll(c.dlqUrl);
    expect(parked.map((m) => m.MessageAttributes?.['Sequence']?.StringValue)).toEqual(['3']);
    expect((await c.store.readCursor('ord_hp')).parkedSequence).toBe(3);
  });
  test('an early event too large to hold in DynamoDB is parked with its reason, and applied in order when redriven after the gap fills', async () => {
    const { applied, handler } = recorder();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler });
    // As the construct sets every queue (SQS's default is 256 KiB).
    await c.sqs.send(new SetQueueAttributesCommand({ QueueUrl: c.dlqUrl, Attributes: { MaximumMessageSize: '1048576' } }));
    await c.invoke([recordOf(sequencedEvent('ord_big', 1))]);
    const response = await c.invoke([recordOf(sequencedEvent('ord_big', 3, { note: 'x'.repeat(450 * 1024) }))]);
    expect(response.batchItemFailures).toEqual([]);
    const [parked] = await c.receiveAll(c.dlqUrl);
    expect(parked!.MessageAttributes?.['ErrorType']?.StringValue).toBe('HeldEventTooLargeError');
    expect(parked!.MessageAttributes?.['ErrorMessage']?.StringValue).toMatch(/ord_big.*3.*redrive/i);
    await c.invoke([recordOf(sequencedEvent('ord_big', 2))]);
    await c.invoke([toRecord(parked!)]);
    expect(applied).toEqual(['ord_big:1', 'ord_big:2', 'ord_big:3']);
  });
});

describe('ordered consumer: attempt and time budgets', () => {
  test('a transiently failing message is parked after MAX_ATTEMPTS of its own attempts; the messages behind it are never parked', async () => {
    const applied: number[] = [];
    let failures = 0;
    const c = await orderedConsumer({
      client,
      sqs,
      tableName: TABLE,
      maxAttempts: 3,
      handler: async (event) => {
        if (event.sequence === 1) {
          failures += 1;
          throw new Error('downstream timeout');
        }
        applied.push(event.sequence!);
      },
    });
    const records = [1, 2, 3].map((n) => recordOf(sequencedEvent('ord_f', n)));
    for (let receive = 1; receive <= 2; receive += 1) {
      const response = await c.invoke(records);
      expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(records.map((r) => r.messageId));
    }
    expect(await c.receiveAll(c.dlqUrl)).toEqual([]);
    const response = await c.invoke(records);
    expect(failures).toBe(3);
    expect(response.batchItemFailures).toEqual([]);
    const parked = await c.receiveAll(c.dlqUrl);
    expect(parked.map((m) => JSON.parse(m.Body!).detail.metadata.sequence)).toEqual([1]);
    expect(parked[0]!.MessageAttributes?.['ErrorMessage']?.StringValue).toBe('downstream timeout');
    // 2 and 3 were never tried before; they are held behind the parked 1, not dead-lettered.
    expect([...(await c.store.readCursor('ord_f')).held].sort()).toEqual([2, 3]);
  });

  test('no handler starts once the remaining time is below the safety margin; unstarted messages are reported failed', async () => {
    let deadline = 0;
    const started: number[] = [];
    let returned = false;
    const lateStarts: number[] = [];
    const c = await orderedConsumer({
      client,
      sqs,
      tableName: TABLE,
      safetyMarginMs: 300,
      handler: async (event) => {
        if (returned) lateStarts.push(event.sequence!);
        started.push(event.sequence!);
        await new Promise((resolve) => setTimeout(resolve, 150));
      },
    });
    const records = [1, 2, 3, 4, 5, 6].map((n) => recordOf(sequencedEvent('ord_time', n)));
    deadline = Date.now() + 700;
    const context = { ...(await import('../support/sqs-records')).lambdaContext(), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
    const response = await c.invoke(records, context);
    returned = true;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(started.length).toBeGreaterThanOrEqual(1);
    expect(started.length).toBeLessThan(6);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(records.slice(started.length).map((r) => r.messageId));
    expect(lateStarts).toEqual([]);
  });

  test('a function with a short timeout keeps three quarters of its time for handlers under the default margin', async () => {
    const { applied, handler } = recorder();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler });
    const deadline = Date.now() + 2000;
    const context = { ...(await import('../support/sqs-records')).lambdaContext(), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
    const response = await c.invoke([1, 2].map((n) => recordOf(sequencedEvent('ord_short', n))), context);
    expect(response.batchItemFailures).toEqual([]);
    expect(applied).toEqual(['ord_short:1', 'ord_short:2']);
  });
});

describe('ordered consumer: new entities and late joiners', () => {
  test("a brand-new entity's sequence 2 arriving before 1 is applied after 1", async () => {
    const { applied, handler } = recorder();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler });
    await c.invoke([recordOf(sequencedEvent('ord_new', 2))]);
    expect(applied).toEqual([]);
    await c.invoke([recordOf(sequencedEvent('ord_new', 1))]);
    expect(applied).toEqual(['ord_new:1', 'ord_new:2']);
  });

  test('a consumer joining late adopts the lowest sequence it holds once the new-entity grace is over', async () => {
    const { applied, handler } = recorder();
    let now = Date.now();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler, now: () => now, sequencing: { newEntityGraceSeconds: 30 } });
    await c.invoke([recordOf(sequencedEvent('ord_late', 41))]);
    expect(applied).toEqual([]);
    now += 31_000;
    await c.invoke([recordOf(sequencedEvent('ord_late', 42))]);
    expect(applied).toEqual(['ord_late:41', 'ord_late:42']);
    expect(c.telemetry.logged).toContainEqual(expect.objectContaining({ attributes: expect.objectContaining({ entity: 'ord_late', start: 41 }) }));
  });
});
