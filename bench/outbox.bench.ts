/**
 * Outbox publisher benchmark: 1,000 outbox rows (100 orders x 10 events, interleaved as a busy
 * table writes them) go through publishOutboxStream in stream batches of 1,000 (the Outbox
 * construct's default batch size; batches of 100 are measured too), against an in-memory EventBridge that injects partial failures.
 * Lambda's checkpointing is replayed: after a reported failure the next invocation starts at
 * the reported sequence number. Checks zero loss and per-order order, counts PutEvents calls.
 * Two fault models: `failedCalls` (10 % of PutEvents calls return one ThrottlingException entry:
 * the headline) and `failedEntries` (every entry fails independently with 10 % probability).
 * Publisher settings are the defaults (max 5 attempts, 100 ms base backoff with jitter).
 * Rows carry sequence numbers as writeWithOutbox writes them; the outbox table is an in-memory
 * store that counts the DynamoDB calls the publisher would make on it (BatchWriteItem calls marking
 * rows published, one Query per entity of a batch whose first event there neither is its first ever
 * nor follows one this warm publisher published, looking for earlier rows the stream gave up on):
 * `dynamodbCallsPer1000Records`.
 * Run: npm run bench:outbox
 */
import type { PutEventsCommand, PutEventsCommandOutput, PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { DynamoDBRecord } from 'aws-lambda';
import { createEvent } from '../runtime/envelope/index';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PublishedSequences, publishOutboxStream, toOutboxRow } from '../runtime/outbox/index';
import type { OutboxRowStore } from '../runtime/outbox/index';
import type { PutEventsSender } from '../runtime/publisher/index';

const RECORDS = 1000;
const ORDERS = 100;
const STREAM_BATCH = 1000;
const SMALL_STREAM_BATCH = 100;
const FAILURE_RATE = 0.1;

/** Deterministic PRNG so runs are comparable. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class FaultyBus implements PutEventsSender {
  readonly accepted: PutEventsRequestEntry[] = [];
  calls = 0;
  constructor(private readonly fail: (entries: number) => Set<number>) {}
  async send(command: PutEventsCommand): Promise<PutEventsCommandOutput> {
    this.calls += 1;
    const entries = command.input.Entries ?? [];
    const failing = this.fail(entries.length);
    const results: PutEventsResultEntry[] = entries.map((entry, i) => {
      if (failing.has(i)) return { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' };
      this.accepted.push(entry);
      return { EventId: `eb-${this.calls}-${i}` };
    });
    return { $metadata: {}, FailedEntryCount: failing.size, Entries: results };
  }
}

/** Counts the calls the publisher makes on the outbox table; nothing is pending in it (no outage here). */
class CountingTable implements OutboxRowStore {
  queries = 0;
  batchWrites = 0;
  async pendingBefore(): Promise<Record<string, AttributeValue>[]> {
    this.queries += 1;
    return [];
  }
  async markPublished(rows: readonly Record<string, AttributeValue>[]): Promise<number> {
    this.batchWrites += Math.ceil(rows.length / 25);
    return 0;
  }
  async park(): Promise<boolean> {
    return true;
  }
}

function streamRecords(): { records: DynamoDBRecord[]; written: Map<string, string[]> } {
  const records: DynamoDBRecord[] = [];
  const written = new Map<string, string[]>();
  for (let i = 0; i < RECORDS; i += 1) {
    const orderId = `ord_${i % ORDERS}`;
    const event = createEvent({
      source: 'orders-service',
      detailType: 'OrderPlaced',
      eventType: 'order.placed',
      data: { orderId, step: Math.floor(i / ORDERS) },
    });
    const row = toOutboxRow({ entityKey: `order#${orderId}`, event }, Date.now(), 86_400, Math.floor(i / ORDERS) + 1);
    if (typeof row === 'string') throw new Error(row);
    written.set(orderId, [...(written.get(orderId) ?? []), row['sk']!.S!]);
    records.push({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: { SequenceNumber: String(100_000_000_000 + i), NewImage: row as never, StreamViewType: 'NEW_IMAGE' },
    });
  }
  return { records, written };
}

async function scenario(name: string, streamBatch: number, fail: (entries: number) => Set<number>) {
  const { records, written } = streamRecords();
  const bus = new FaultyBus(fail);
  const table = new CountingTable();
  // One warm publisher container, as Lambda keeps for a shard.
  const publishedSequences = new PublishedSequences();
  let invocations = 0;
  let position = 0;
  const start = performance.now();
  while (position < records.length) {
    const batch = records.slice(position, position + streamBatch);
    invocations += 1;
    const result = await publishOutboxStream({ Records: batch }, { client: bus, eventBusName: 'orders', table, publishedSequences });
    const failure = result.batchItemFailures[0]?.itemIdentifier;
    // Lambda checkpoints before the reported record and retries from it; otherwise the batch is done.
    position = failure === undefined ? position + batch.length : records.findIndex((r) => r.dynamodb!.SequenceNumber === failure);
  }
  const seconds = (performance.now() - start) / 1000;
  const firstSeen = new Map<string, number>();
  bus.accepted.forEach((entry, index) => {
    const id = JSON.parse(entry.Detail!).metadata.eventId as string;
    if (!firstSeen.has(id)) firstSeen.set(id, index);
  });
  const all = [...written.values()].flat();
  const lost = all.filter((id) => !firstSeen.has(id)).length;
  const outOfOrder = [...written.values()].filter((ids) => ids.some((id, i) => i > 0 && firstSeen.get(id)! < firstSeen.get(ids[i - 1]!)!)).length;
  const duplicates = bus.accepted.length - firstSeen.size;
  const result = {
    putEventsCallsPer1000: Math.round((bus.calls * 1000) / RECORDS),
    recordsPerSecond: Math.round(RECORDS / seconds),
    lostRecords: lost,
    ordersOutOfOrder: outOfOrder,
    duplicatePublishes: duplicates,
    invocations,
    dynamodbCallsPer1000Records: Math.round(((table.queries + table.batchWrites) * 1000) / RECORDS),
  };
  console.log(`${name.padEnd(14)} stream batch ${String(streamBatch).padStart(4)}: ${JSON.stringify(result)}`);
  return result;
}

const random = mulberry32(42);
const callFaults = (n: number) => (random() < FAILURE_RATE ? new Set([Math.floor(random() * n)]) : new Set<number>());
const entryFaults = (n: number) => new Set(Array.from({ length: n }, (_, i) => i).filter(() => random() < FAILURE_RATE));
const failedCalls = await scenario('failedCalls', STREAM_BATCH, callFaults);
const failedEntries = await scenario('failedEntries', STREAM_BATCH, entryFaults);
const clean = await scenario('noFailures', STREAM_BATCH, () => new Set());
// Each stream batch whose entries needed a retry ends with one extra, partly filled call; smaller batches pay it more often.
const failedCallsSmall = await scenario('failedCalls', SMALL_STREAM_BATCH, callFaults);
const failedEntriesSmall = await scenario('failedEntries', SMALL_STREAM_BATCH, entryFaults);
console.log(
  JSON.stringify({
    benchmark: 'outbox',
    records: RECORDS,
    streamBatchSize: STREAM_BATCH,
    faultModel: '10% of PutEvents calls return one failed (ThrottlingException) entry',
    putEventsCallsPer1000Records: failedCalls.putEventsCallsPer1000,
    recordsPerSecond: failedCalls.recordsPerSecond,
    lostRecords: failedCalls.lostRecords + failedEntries.lostRecords,
    ordersOutOfOrder: failedCalls.ordersOutOfOrder + failedEntries.ordersOutOfOrder,
    putEventsCallsPer1000WhenEntriesFail10Percent: failedEntries.putEventsCallsPer1000,
    recordsPerSecondWhenEntriesFail10Percent: failedEntries.recordsPerSecond,
    putEventsCallsPer1000NoFailures: clean.putEventsCallsPer1000,
    putEventsCallsPer1000StreamBatch100: failedCallsSmall.putEventsCallsPer1000,
    recordsPerSecondStreamBatch100: failedCallsSmall.recordsPerSecond,
    putEventsCallsPer1000StreamBatch100WhenEntriesFail10Percent: failedEntriesSmall.putEventsCallsPer1000,
    lostRecordsStreamBatch100: failedCallsSmall.lostRecords + failedEntriesSmall.lostRecords,
    dynamodbCallsPer1000Records: failedCalls.dynamodbCallsPer1000Records,
    dynamodbCallsPer1000RecordsStreamBatch100: failedCallsSmall.dynamodbCallsPer1000Records,
  }),
);
