import fc from 'fast-check';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { startDynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import type { DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { startSqs } from '../../../local/sqs/index';
import type { LocalSqs } from '../../../local/sqs/index';
import { readSequencingSettings, sweepGaps } from '../../../runtime/sequencing/index';
import { orderedConsumer, recordOf, sequencedEvent, toRecord } from '../support/ordered-consumer';
import { createDedupeTable } from '../support/tables';
import { recordingTelemetry } from '../support/telemetry';

let ddb: DynamoDbLocal;
let client: DynamoDBClient;
let sqs: LocalSqs;
const TABLE = 'property-dedupe';

beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  client = ddb.client();
  sqs = await startSqs();
  await createDedupeTable(client, TABLE);
});
afterAll(async () => {
  client.destroy();
  await sqs.stop();
  await ddb.stop();
});

/** Entities with 1..n sequences each; every delivery of (entity, sequence), copies included, in an arbitrary arrival order. */
const deliveries = fc
  .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 })
  .chain((lengths) => {
    const all = lengths.flatMap((n, e) => Array.from({ length: n }, (_, i) => ({ entity: `ent_${e}`, sequence: i + 1 })));
    return fc
      .tuple(fc.constant(lengths), fc.array(fc.integer({ min: 0, max: all.length - 1 }), { maxLength: 4 }), fc.integer({ min: 1, max: 10 }))
      .chain(([ls, duplicates, batchSize]) =>
        fc.tuple(fc.constant(ls), fc.shuffledSubarray([...all, ...duplicates.map((i) => all[i]!)], { minLength: all.length + duplicates.length }), fc.constant(batchSize)),
      );
  });

/** Splits arrivals into SQS batches of `size` (the event source mapping keeps each group's order within and across batches). */
function batches<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

test('property: any permutation and duplication of the entities\' sequences is applied exactly once per sequence, in order', async () => {
  await fc.assert(
    fc.asyncProperty(deliveries, async ([lengths, arrivals, batchSize]) => {
      const applied = new Map<string, number[]>();
      const c = await orderedConsumer({
        client,
        sqs,
        tableName: TABLE,
        handler: async (event) => {
          const entity = (event.data as { orderId: string }).orderId;
          applied.set(entity, [...(applied.get(entity) ?? []), event.sequence!]);
        },
      });
      // One body per (entity, sequence): a copy is a redelivery of the same event.
      const bodies = new Map<string, Record<string, unknown>>();
      const bodyOf = (entity: string, sequence: number) => {
        const key = `${entity}:${sequence}`;
        if (!bodies.has(key)) bodies.set(key, sequencedEvent(entity, sequence));
        return bodies.get(key)!;
      };
      for (const batch of batches(arrivals, batchSize)) {
        const records: SQSRecord[] = batch.map((a) => recordOf(bodyOf(a.entity, a.sequence)));
        const response = await c.invoke(records);
        expect(response.batchItemFailures).toEqual([]);
      }
      lengths.forEach((n, e) => expect(applied.get(`ent_${e}`)).toEqual(Array.from({ length: n }, (_, i) => i + 1)));
      expect(await c.store.listOpenGaps()).toEqual([]);
    }),
    { numRuns: 40 },
  );
}, 300_000);

test('property: a missing sequence holds its successors; after the gap timeout, onGap skip applies them in order and wait keeps them held', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 2, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n - 1 }), fc.constantFrom('wait' as const, 'skip' as const))),
      fc.integer({ min: 0, max: 1000 }),
      async ([n, missing, onGap], seed) => {
        const applied: number[] = [];
        const clock = { now: Date.now() };
        const c = await orderedConsumer({
          client,
          sqs,
          tableName: TABLE,
          now: () => clock.now,
          sequencing: { gapTimeoutSeconds: 60, onGap },
          handler: async (event) => {
            applied.push(event.sequence!);
          },
        });
        const present = Array.from({ length: n }, (_, i) => i + 1).filter((s) => s !== missing);
        const shuffled = [...present].sort((a, b) => ((a * 7919 + seed) % 97) - ((b * 7919 + seed) % 97));
        await c.invoke(shuffled.map((s) => recordOf(sequencedEvent('ent_gap', s))));
        const before = Array.from({ length: missing - 1 }, (_, i) => i + 1);
        expect(applied).toEqual(before);
        const sweep = () =>
          sweepGaps({
            store: c.store,
            settings: readSequencingSettings({}, { gapTimeoutSeconds: 60, onGap }),
            sqs: c.sqs,
            queueUrl: c.queueUrl,
            telemetry: recordingTelemetry(),
            now: () => clock.now,
          });
        expect((await sweep()).gapsTimedOut).toBe(0);
        clock.now += 61_000;
        const summary = await sweep();
        const after = present.filter((s) => s > missing);
        if (after.length === 0) {
          // Nothing held behind the last sequence: no gap to time out.
          expect(summary.gapsTimedOut).toBe(0);
          return;
        }
        const resent = await c.receiveAll(c.queueUrl);
        if (resent.length > 0) await c.invoke(resent.map(toRecord));
        if (missing === 1) {
          // Nothing applied yet: the new-entity rule, not a gap. After its grace the lowest held sequence is the start, in both modes.
          expect(summary.gapsTimedOut).toBe(0);
          expect(applied).toEqual(after);
          return;
        }
        expect(summary.gapsTimedOut).toBe(1);
        expect(applied).toEqual(onGap === 'skip' ? [...before, ...after] : before);
      },
    ),
    { numRuns: 30 },
  );
}, 300_000);
