/**
 * End-to-end throughput and latency on the local runtime: PutEvents -> rule -> standard buffer queue ->
 * concurrent forwarders -> per-entity FIFO queue -> consumer handler (dedupe marker + state write on DynamoDB
 * Local), for the real synthesized app plus a latency-probe consumer. Latency is from just before
 * the PutEvents call to the handler's commit (`completedAt` in the consumer's state table).
 *
 * Peer in the same run: the endpoint's PutEvents intake alone (events no rule matches), the ceiling
 * the rest of the path is measured against.
 *
 * `npm run bench:e2e [-- --events 2000 --entities 200]`; the last line is one JSON object.
 */
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { BatchGetItemCommand, GetItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { Duration } from 'aws-cdk-lib';
import { ulid } from 'ulid';
import { buildApp } from '../bin/build-app';
import { consumers } from '../consumers/index';
import { startLocalRouter, synthesize } from '../local/router/index';
import { OrderingKey } from '../lib/ordering-key';

const ROOT = resolve(import.meta.dirname, '..');
const PROBE = 'latency-probe';
const SOURCE = 'bench.latency-probe';
const GOAL_EVENTS_PER_SECOND = 500;

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '2000' },
    entities: { type: 'string', default: '200' },
    inflight: { type: 'string', default: '4' },
    // Warm workers per function (the runtime's default is 3; Lambda would scale further).
    concurrency: { type: 'string', default: '3' },
  },
});
const entities = Number(values.entities);
const steps = Math.max(1, Math.round(Number(values.events) / entities));
const total = entities * steps;
const inflight = Number(values.inflight);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number) => Math.round(n * 10) / 10;

// The handler is the e2e suite's ordering probe: it checks per-entity order and stamps completedAt.
const probeEntry = join(ROOT, 'test', 'e2e', 'fixtures', 'ordering-probe', 'index.ts');
const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
const synth = await synthesize({
  outdir: join(ROOT, 'node_modules', '.cache', 'event-router', 'bench-e2e-cdk.out'),
  inProcess: {
    key: `app + ${PROBE}`,
    extraInputs: ['test/e2e/fixtures', 'bench/e2e.bench.ts'],
    synth: (outdir) =>
      buildApp({
        outdir,
        context: cdkJson.context,
        nag: false,
        consumers: [
          ...consumers,
          {
            name: PROBE,
            entry: probeEntry,
            eventPattern: { source: [SOURCE] },
            orderingKey: OrderingKey.jsonPath('$.detail.data.entityId'),
            stateTable: true,
            functionTimeout: Duration.seconds(5),
          },
        ],
      }).synth(),
  },
});
console.log(`synth: ${synth.synthesized ? `${(synth.ms / 1000).toFixed(1)} s` : 'cached'}`);

const router = await startLocalRouter({ cdkOut: synth.outdir, functionConcurrency: Number(values.concurrency) });
console.log(`local runtime ready in ${(router.runtime.readyMs / 1000).toFixed(1)} s`);
const probe = router.runtime.func(PROBE);
await Promise.all(Array.from({ length: Number(values.concurrency) }, () => probe.fn.invoke({ Records: [] }).catch(() => undefined)));
const busName = router.eventBridge.busNames.find((name) => name !== 'default')!;
const client = new EventBridgeClient({ endpoint: router.eventBridge.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });

function entry(source: string, entityId: string, seq: number): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: source,
    DetailType: 'ProbeStep',
    Detail: JSON.stringify({
      metadata: { eventId: ulid(), eventType: 'probe.step', eventVersion: '1', occurredAt: new Date().toISOString(), producer: source },
      data: { entityId, seq },
    }),
  };
}

/** Sends `batches` (10 entries each) with at most `inflight` calls at once; returns when each batch was sent. */
async function send(batches: PutEventsRequestEntry[][]): Promise<number[]> {
  const sentAt: number[] = new Array(batches.length);
  let next = 0;
  const lane = async () => {
    while (next < batches.length) {
      const index = next++;
      sentAt[index] = Date.now();
      const out = await client.send(new PutEventsCommand({ Entries: batches[index] }));
      if ((out.FailedEntryCount ?? 0) > 0) throw new Error(`PutEvents failed: ${JSON.stringify(out.Entries)}`);
    }
  };
  await Promise.all(Array.from({ length: inflight }, lane));
  return sentAt;
}

const chunk = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / 10) }, (_, i) => items.slice(i * 10, i * 10 + 10));

// Peer: intake alone.
const intakeBatches = chunk(Array.from({ length: total }, (_, i) => entry('bench.unrouted', `u${i}`, 1)));
const intakeStarted = Date.now();
await send(intakeBatches);
const intakePerSecond = total / ((Date.now() - intakeStarted) / 1000);
console.log(`PutEvents intake (no rule matches): ${Math.round(intakePerSecond)} events/s`);

// End to end: `steps` rounds, each one event per entity, so every entity's events are published in order.
// Stage timings: when the probe's forwarders had moved every event out of the buffer queue,
// and when its consumer had taken every event off the per-entity queue.
const probeStack = `${probe.stackName}/`;
const forwarderMapping = router.runtime.eventSources.find((s) => s.mapping.startsWith(probeStack) && s.functionName !== probe.name)!.mapping;
const consumerMapping = router.runtime.eventSources.find((s) => s.functionName === probe.name)!.mapping;
const stageRecords = (mapping: string) => router.runtime.stats().eventSources[mapping]!.records;
const forwarderBefore = stageRecords(forwarderMapping);
const consumerBefore = stageRecords(consumerMapping);
const stageDoneAt: { forwarder?: number; consumer?: number } = {};
const stageSampler = setInterval(() => {
  stageDoneAt.forwarder ??= stageRecords(forwarderMapping) - forwarderBefore >= total ? Date.now() : undefined;
  stageDoneAt.consumer ??= stageRecords(consumerMapping) - consumerBefore >= total ? Date.now() : undefined;
}, 20);

const run = ulid().slice(-6);
const entityIds = Array.from({ length: entities }, (_, i) => `e${run}-${i}`);
const sentAtOf = new Map<string, number>();
const started = Date.now();
// CPU of this process (endpoint, SQS, pollers and every function's worker threads), DynamoDB Local excluded.
const cpuBefore = process.cpuUsage();
for (let seq = 1; seq <= steps; seq += 1) {
  const batches = chunk(entityIds.map((id) => entry(SOURCE, id, seq)));
  const sentAt = await send(batches);
  batches.forEach((batch, b) => batch.forEach((e) => sentAtOf.set(`${(JSON.parse(e.Detail!) as { data: { entityId: string } }).data.entityId}#${seq}`, sentAt[b]!)));
}
const publishedMs = Date.now() - started;
// How long until every event sat in its rule target (the buffer queue): the endpoint's share of the latency.
await router.eventBridge.drain();
const deliveredMs = Date.now() - started;

const deadline = Date.now() + 600_000;
let figures = (await router.eventBridge.status()).consumers[PROBE]!;
for (;;) {
  figures = (await router.eventBridge.status()).consumers[PROBE]!;
  if (figures.processed + figures.duplicates >= total) break;
  if (Date.now() > deadline) throw new Error(`Only ${figures.processed} of ${total} events were processed within 10 minutes.`);
  await new Promise((done) => setTimeout(done, 50));
}

const cpu = process.cpuUsage(cpuBefore);
const nodeCpuMsPerEvent = (cpu.user + cpu.system) / 1000 / total;
clearInterval(stageSampler);
const stageSeconds = (at: number | undefined) => round(((at ?? Date.now()) - started) / 1000);

const dynamodb = router.runtime.dynamoDbClient();
const table = probe.fn.definition.environment.STATE_TABLE_NAME!;
const latencies: number[] = [];
let lastCompleted = 0;
let violations = 0;
for (const id of entityIds) {
  const out = await dynamodb.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `entity#${id}` } } }));
  for (const item of out.Items ?? []) {
    const sk = item.sk!.S!;
    if (sk.startsWith('violation#')) violations += 1;
    if (!sk.startsWith('step#')) continue;
    const completedAt = Number(item.completedAt!.N);
    lastCompleted = Math.max(lastCompleted, completedAt);
    latencies.push(completedAt - sentAtOf.get(`${id}#${Number(sk.slice(5))}`)!);
  }
}
latencies.sort((a, b) => a - b);
const eventsPerSecond = latencies.length / ((lastCompleted - started) / 1000);

// Second peer, after the end-to-end run: the probe handler's DynamoDB requests alone (per batch of 10 one
// dedupe BatchGetItem; per event a consistent GetItem and a 3-item TransactWriteItems), from this process,
// as many batches in flight as the consumer has workers, on the same DynamoDB Local: the ceiling the
// consumer stage can reach while DynamoDB Local shares the cores with nothing else.
const dedupeTable = probe.fn.definition.environment.DEDUPE_TABLE_NAME!;
async function dynamoDbPatternBatch(batch: number): Promise<void> {
  const ids = Array.from({ length: 10 }, (_, i) => `peer-${run}-${batch}-${i}`);
  await dynamodb.send(new BatchGetItemCommand({ RequestItems: { [dedupeTable]: { Keys: ids.map((id) => ({ pk: { S: `${PROBE}#${id}` } })), ConsistentRead: true } } }));
  for (const id of ids) {
    const pk = { S: `peer#${id}` };
    await dynamodb.send(new GetItemCommand({ TableName: table, Key: { pk, sk: { S: 'cursor' } }, ConsistentRead: true }));
    await dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { pk, sk: { S: 'cursor' }, seq: { N: '1' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: table, Item: { pk, sk: { S: 'step#000001' }, completedAt: { N: String(Date.now()) } } } },
          { Put: { TableName: dedupeTable, Item: { pk: { S: `${PROBE}#${id}` }, expiresAt: { N: '4102444800' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  }
}
const peerBatches = Math.ceil(total / 10);
let nextPeerBatch = 0;
const peerStarted = Date.now();
await Promise.all(
  Array.from({ length: Number(values.concurrency) }, async () => {
    while (nextPeerBatch < peerBatches) await dynamoDbPatternBatch(nextPeerBatch++);
  }),
);
const dynamoDbPatternPerSecond = (peerBatches * 10) / ((Date.now() - peerStarted) / 1000);
const result = {
  benchmark: 'e2e',
  events: total,
  entities,
  processed: latencies.length,
  orderViolations: violations,
  handlerFailures: figures.failed,
  duplicatesSkipped: figures.duplicates,
  functionTimeouts: router.runtime.stats().functions[probe.name]?.timeouts ?? 0,
  eventsPerSecond: Math.round(eventsPerSecond),
  p50Ms: round(percentile(latencies, 50)),
  p99Ms: round(percentile(latencies, 99)),
  maxMs: round(latencies.at(-1) ?? 0),
  publishSeconds: round(publishedMs / 1000),
  deliveredToTargetsSeconds: round(deliveredMs / 1000),
  forwarderDrainedSeconds: stageSeconds(stageDoneAt.forwarder),
  consumerDrainedSeconds: stageSeconds(stageDoneAt.consumer),
  nodeCpuMsPerEvent: round(nodeCpuMsPerEvent),
  peerPutEventsIntakePerSecond: Math.round(intakePerSecond),
  peerDynamoDbPatternPerSecond: Math.round(dynamoDbPatternPerSecond),
  goalEventsPerSecond: GOAL_EVENTS_PER_SECOND,
  meetsGoal: eventsPerSecond >= GOAL_EVENTS_PER_SECOND,
  functionConcurrency: Number(values.concurrency),
  readyMs: router.runtime.readyMs,
};
console.log(
  `stages: buffer queue drained by the forwarder after ${result.forwarderDrainedSeconds} s (${Math.round(total / result.forwarderDrainedSeconds)} events/s), ` +
    `consumer queue drained after ${result.consumerDrainedSeconds} s; ${result.nodeCpuMsPerEvent} ms of Node CPU per event (DynamoDB Local's own CPU not included); ` +
    `the handler's DynamoDB requests alone: ${result.peerDynamoDbPatternPerSecond} events/s`,
);
console.log(
  `end to end: ${result.eventsPerSecond} events/s over ${total} events (${entities} entities x ${steps} steps), ` +
    `latency p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms; order violations ${violations}; ` +
    `published in ${result.publishSeconds} s, all in their rule targets after ${result.deliveredToTargetsSeconds} s; ` +
    `${Math.round((eventsPerSecond / intakePerSecond) * 100)}% of the PutEvents intake rate; goal ${GOAL_EVENTS_PER_SECOND} events/s: ${result.meetsGoal ? 'met' : 'NOT met'}`,
);
client.destroy();
await router.stop();
console.log(JSON.stringify(result));
