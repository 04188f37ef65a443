/**
 * End-to-end: the real synthesized app (plus a test-only ordering probe consumer) on the local
 * runtime, driven only through the AWS SDK clients and the status endpoint.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { GetItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import type { LocalRouter } from '../../local/router/index';
import type { FunctionLogLine } from '../../local/lambda';
import type { ConsumerFigures } from '../../local/status/status-tracker';
import { freePort } from '../../local/net/free-port';
import { routesFor } from '../../local/testing';
import { EventsRejectedError, MAX_DELIVERED_EVENT_BYTES, deliveredEventSize, publish } from '../../runtime/publisher';
import { E2E_CDK_OUT as cdkOut, PROBE, PROBE_DETAIL_TYPE, PROBE_SOURCE, fetchStatus, startE2eRouter, waitFor } from './support';

const ROOT = resolve(import.meta.dirname, '..', '..');
let router: LocalRouter;
let eventBridge: EventBridgeClient;
let dynamodb: DynamoDBClient;
let sqs: SQSClient;
let busName: string;
const logs: FunctionLogLine[] = [];

beforeAll(async () => {
  router = await startE2eRouter();
  router.runtime.events.on('log', (line) => logs.push(line));
  eventBridge = new EventBridgeClient({
    endpoint: router.eventBridge.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  dynamodb = router.runtime.dynamoDbClient();
  sqs = router.runtime.sqsClient();
  busName = router.eventBridge.busNames.find((name) => name !== 'default')!;
}, 300_000);

afterAll(async () => {
  eventBridge?.destroy();
  await router?.stop();
});

const ALL_CONSUMERS = ['analytics', 'inventory', 'notifications', PROBE];
const eventIdOf = (entry: PutEventsRequestEntry) => (JSON.parse(entry.Detail!) as { metadata: { eventId: string } }).metadata.eventId;

/** The consumers the templates' rules route an entry to, by the offline routing helper (not by the runtime under test). */
function expectedConsumers(entry: PutEventsRequestEntry): string[] {
  const event = { version: '0', id: 'x', 'detail-type': entry.DetailType, source: entry.Source, account: '000000000000', time: '2026-11-23T00:00:00Z', region: 'us-east-1', resources: [], detail: JSON.parse(entry.Detail!) };
  return routesFor(event, { cdkOut: cdkOut });
}

const env = (consumer: string) => router.runtime.func(consumer).fn.definition.environment;
const figures = async (consumer: string): Promise<ConsumerFigures> => (await fetchStatus(router.eventBridge.endpoint)).consumers[consumer];

function orderPlaced(orderId: string, eventId = ulid()): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: 'orders-service',
    DetailType: 'OrderPlaced',
    Detail: JSON.stringify({
      metadata: { eventId, eventType: 'order.placed', eventVersion: '1', occurredAt: new Date().toISOString(), producer: 'orders-service' },
      data: { orderId, customerId: 'cus_1', lines: [{ sku: 'sku-1', quantity: 1, unitPriceCents: 4995 }], totalCents: 4995, currency: 'EUR' },
    }),
  };
}

function orderPaid(orderId: string, eventId = ulid()): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: 'orders-service',
    DetailType: 'OrderPaid',
    Detail: JSON.stringify({
      metadata: { eventId, eventType: 'order.paid', eventVersion: '1', occurredAt: new Date().toISOString(), producer: 'orders-service' },
      data: { orderId, paymentId: `pay_${eventId}`, amountCents: 4995, currency: 'EUR', method: 'card' },
    }),
  };
}

function probeStep(entityId: string, seq: number, extra: Record<string, unknown> = {}): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: PROBE_SOURCE,
    DetailType: PROBE_DETAIL_TYPE,
    Detail: JSON.stringify({
      metadata: { eventId: ulid(), eventType: 'probe.step', eventVersion: '1', occurredAt: new Date().toISOString(), producer: PROBE_SOURCE },
      data: { entityId, seq, ...extra },
    }),
  };
}

async function putEvents(entries: PutEventsRequestEntry[]) {
  const result = await eventBridge.send(new PutEventsCommand({ Entries: entries }));
  expect(result.FailedEntryCount).toBe(0);
  return result;
}

/** True once the consumer wrote its dedupe marker for `eventId`: the handler finished it. */
/**
 * Whether `consumer` applied the event: its eventId marker (unsequenced events, unordered consumers), or, for a
 * sequenced event at an ordered consumer, the entity's cursor at or past the event's sequence.
 */
async function processedBy(consumer: string, eventId: string, sequenced?: { entity: string; sequence: number }): Promise<boolean> {
  const table = env(consumer).DEDUPE_TABLE_NAME;
  const marker = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: `${consumer}#${eventId}` } }, ConsistentRead: true }));
  if (marker.Item !== undefined) return true;
  if (sequenced === undefined || env(consumer).ORDERED !== 'true') return false;
  const cursor = await dynamodb.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: `${consumer}#cursor#${sequenced.entity}` } }, ConsistentRead: true }),
  );
  return Number(cursor.Item?.['applied']?.N ?? '0') >= sequenced.sequence;
}

async function probeItems(entityId: string) {
  const out = await dynamodb.send(
    new QueryCommand({
      TableName: env(PROBE).STATE_TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: `entity#${entityId}` } },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

const cursorOf = async (entityId: string) => Number((await probeItems(entityId)).find((item) => item.sk.S === 'cursor')?.seq?.N ?? '0');

/** The DLQ of the queue the consumer's function reads (its redrive target). */
function consumerDlqUrl(consumer: string): string {
  const functionName = router.runtime.func(consumer).name;
  const mapping = router.runtime.eventSources.find((source) => source.functionName === functionName && source.kind === 'sqs')!;
  const queue = router.runtime.resources.find((r) => r.type === 'AWS::SQS::Queue' && r.attributes.Arn === mapping.sourceArn)!;
  const redrive = queue.properties.RedrivePolicy as { deadLetterTargetArn: string } | string;
  const target = typeof redrive === 'string' ? (JSON.parse(redrive) as { deadLetterTargetArn: string }) : redrive;
  return router.runtime.queueUrl(target.deadLetterTargetArn);
}

describe('routing', () => {
  test('an event is processed by exactly the consumers whose rules match it', async () => {
    for (const entry of [orderPlaced('ord_route1'), orderPaid('ord_route1'), probeStep(`route-${ulid()}`, 1)]) {
      const expected = expectedConsumers(entry);
      // Each event must tell consumers apart, or the test would prove nothing.
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(ALL_CONSUMERS.length);
      const before = await fetchStatus(router.eventBridge.endpoint);
      await putEvents([entry]);
      const eventId = eventIdOf(entry);
      for (const consumer of expected) await waitFor(`${consumer} to process ${entry.DetailType}`, () => processedBy(consumer, eventId));
      await router.eventBridge.drain();
      const after = await fetchStatus(router.eventBridge.endpoint);
      for (const consumer of ALL_CONSUMERS) {
        const routed = expected.includes(consumer);
        expect({ consumer, received: after.consumers[consumer].received - before.consumers[consumer].received }).toEqual({ consumer, received: routed ? 1 : 0 });
        if (!routed) expect(await processedBy(consumer, eventId)).toBe(false);
      }
    }
  });

  test('the same eventId published twice is processed once per consumer', async () => {
    const before = await fetchStatus(router.eventBridge.endpoint);
    const eventId = ulid();
    await putEvents([orderPlaced('ord_dup1', eventId)]);
    await putEvents([orderPlaced('ord_dup1', eventId)]);
    // A later event of the same order, published after both copies. The intake may reorder (it has no
    // single lane), so wait for the duplicated event itself too, not only for the sentinel.
    const sentinel = orderPaid('ord_dup1');
    await putEvents([sentinel]);
    const both = expectedConsumers(orderPlaced('ord_dup1')).filter((consumer) => expectedConsumers(sentinel).includes(consumer));
    expect(both.length).toBeGreaterThan(0);
    for (const consumer of both) {
      await waitFor(`${consumer} to process the sentinel`, () => processedBy(consumer, eventIdOf(sentinel)));
      await waitFor(`${consumer} to process the duplicated event`, () => processedBy(consumer, eventId));
      await waitFor(`${consumer} to count both`, async () => (await figures(consumer)).processed - before.consumers[consumer].processed >= 2);
    }
    const after = await fetchStatus(router.eventBridge.endpoint);
    for (const consumer of both) {
      expect(after.consumers[consumer].received - before.consumers[consumer].received).toBe(3);
      expect(after.consumers[consumer].processed - before.consumers[consumer].processed).toBe(2);
    }
  });

  test('a redelivery the queue did not deduplicate is skipped by the consumer and counted as a duplicate', async () => {
    const eventId = ulid();
    await putEvents([orderPlaced('ord_redeliver1', eventId)]);
    await waitFor('inventory to process the event', () => processedBy('inventory', eventId));
    const before = await figures('inventory');
    // As if SQS delivered the event again after its 5-minute deduplication window.
    const functionName = router.runtime.func('inventory').name;
    const mapping = router.runtime.eventSources.find((source) => source.functionName === functionName)!;
    const entry = orderPlaced('ord_redeliver1', eventId);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: router.runtime.queueUrl(mapping.sourceArn),
        MessageBody: JSON.stringify({ version: '0', id: ulid(), 'detail-type': entry.DetailType, source: entry.Source, account: '000000000000', time: new Date().toISOString(), region: 'us-east-1', resources: [], detail: JSON.parse(entry.Detail!) }),
        MessageGroupId: 'ord_redeliver1',
        MessageDeduplicationId: `${eventId}-redelivery`,
      }),
    );
    await waitFor('the duplicate to be skipped', async () => (await figures('inventory')).duplicates === before.duplicates + 1);
    expect((await figures('inventory')).processed).toBe(before.processed);
  });

  test('an event exactly at the delivered-size limit crosses every queue to its consumer; one byte more is refused at publish', async () => {
    const entity = `big-${ulid()}`;
    const sized = (bytes: number) => {
      const detail = {
        metadata: { eventId: ulid(), eventType: 'probe.step', eventVersion: '1', occurredAt: new Date().toISOString(), producer: PROBE_SOURCE },
        data: { entityId: entity, seq: 1, pad: '' },
      };
      const size = () => deliveredEventSize({ Source: PROBE_SOURCE, DetailType: PROBE_DETAIL_TYPE, Detail: JSON.stringify(detail) });
      detail.data.pad = 'x'.repeat(bytes - size());
      return { source: PROBE_SOURCE, detailType: PROBE_DETAIL_TYPE, detail };
    };
    const tooBig = await publish([sized(MAX_DELIVERED_EVENT_BYTES + 1)], { client: eventBridge, eventBusName: busName }).catch((e: unknown) => e);
    expect(tooBig).toBeInstanceOf(EventsRejectedError);
    expect((tooBig as Error).message).toContain(`${MAX_DELIVERED_EVENT_BYTES + 1} bytes as delivered`);

    await publish([sized(MAX_DELIVERED_EVENT_BYTES)], { client: eventBridge, eventBusName: busName });
    await waitFor(`${entity} to be processed`, async () => (await cursorOf(entity)) === 1, 60_000);
  }, 90_000);

  test('an order written with its outbox row in one transaction reaches the consumers', async () => {
    const orders = router.runtime.functions.find((f) => f.fn.definition.environment.ORDERS_TABLE_NAME !== undefined)!;
    const result = (await router.runtime.invoke(orders.name, {
      action: 'place',
      customerId: 'cus_outbox',
      lines: [{ sku: 'sku-outbox', quantity: 2, unitPriceCents: 1000 }],
      currency: 'EUR',
    })) as { orderId: string; eventId: string; sequence: number };
    // The outbox numbers each order's events: ordered consumers keep a cursor per order instead of a marker per event.
    const sequenced = { entity: result.orderId, sequence: result.sequence };
    expect(result.sequence).toBe(1);
    const expected = expectedConsumers(orderPlaced(result.orderId, result.eventId));
    expect(expected.length).toBeGreaterThan(0);
    for (const consumer of expected) await waitFor(`${consumer} to process the outbox event`, () => processedBy(consumer, result.eventId, sequenced));
    for (const consumer of ALL_CONSUMERS.filter((name) => !expected.includes(name))) expect(await processedBy(consumer, result.eventId, sequenced)).toBe(false);
  });
});

describe('PutEvents validation', () => {
  test('a malformed entry gets AWS error codes per entry and nothing is delivered', async () => {
    const before = await fetchStatus(router.eventBridge.endpoint);
    const malformed = { ...orderPlaced('ord_bad1'), Detail: '"not an object"' };
    const noSource = { ...orderPlaced('ord_bad2'), Source: undefined };
    const result = await eventBridge.send(new PutEventsCommand({ Entries: [malformed, noSource] }));
    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries).toEqual([
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
    ]);
    await router.eventBridge.drain();
    const after = await fetchStatus(router.eventBridge.endpoint);
    for (const name of Object.keys(before.consumers)) expect(after.consumers[name].received).toBe(before.consumers[name].received);
  });

  test('eleven entries are rejected as a whole with ValidationException', async () => {
    const entries = Array.from({ length: 11 }, (_, i) => orderPlaced(`ord_many${i}`));
    await expect(eventBridge.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('ordering and failures', () => {
  const run = ulid().slice(-6);
  const entities = Array.from({ length: 12 }, (_, i) => `ord-${run}-${i}`);
  const steps = 5;
  // Transient failures: each of these steps fails on its first receive, then succeeds.
  const failing = new Set([`${entities[0]}#1`, `${entities[3]}#3`, `${entities[7]}#5`]);
  const poison = `poison-${run}`;
  const healthy = [`healthy-${run}-a`, `healthy-${run}-b`];
  let dlqBefore = 0;

  // Both scenarios are published up front so their visibility-timeout waits overlap.
  beforeAll(async () => {
    dlqBefore = (await figures(PROBE)).dlq;
    await putEvents([probeStep(poison, 1, { poison: true }), ...healthy.map((entity) => probeStep(entity, 1))]);
    await putEvents(healthy.map((entity) => probeStep(entity, 2)));
    for (let seq = 1; seq <= steps; seq += 1) {
      const entries = entities.map((entity) => probeStep(entity, seq, failing.has(`${entity}#${seq}`) ? { failOnReceives: 1 } : {}));
      for (let i = 0; i < entries.length; i += 10) await putEvents(entries.slice(i, i + 10));
    }
  });

  test('each entity is processed in order while other entities proceed, with injected handler failures', async () => {
    for (const entity of entities) await waitFor(`${entity} to reach step ${steps}`, async () => (await cursorOf(entity)) === steps, 130_000);
    for (const entity of entities) {
      const items = await probeItems(entity);
      expect(items.filter((item) => item.sk.S!.startsWith('violation#'))).toEqual([]);
      const stepItems = items.filter((item) => item.sk.S!.startsWith('step#'));
      expect(stepItems.map((item) => item.sk.S)).toEqual(Array.from({ length: steps }, (_, i) => `step#${String(i + 1).padStart(6, '0')}`));
    }
    // Entities without failures did not wait for entity 0, whose first step was invisible for the visibility
    // timeout: on one serial lane nothing else could be applied before that step's retry. (Which entity finishes
    // first overall depends on the machine's load, so the test does not compare finishing times.)
    const retried = Number((await probeItems(entities[0]!)).find((item) => item.sk.S === 'step#000001')!.completedAt!.N);
    const appliedMeanwhile: number[] = [];
    for (const entity of entities.filter((_, i) => ![0, 3, 7].includes(i))) {
      for (const item of await probeItems(entity)) {
        if (item.sk.S!.startsWith('step#') && Number(item.completedAt!.N) < retried) appliedMeanwhile.push(Number(item.completedAt!.N));
      }
    }
    expect(appliedMeanwhile.length).toBeGreaterThan(0);
    expect(logs.some((log) => log.line.includes(`injected failure for ${entities[0]} step 1`))).toBe(true);
  }, 150_000);

  test('a poison message is parked in the consumer DLQ after maxAttempts with its reason; other entities are unaffected', async () => {
    for (const entity of healthy) await waitFor(`${entity} to finish`, async () => (await cursorOf(entity)) === 2);
    await waitFor('the poison message to reach the DLQ', async () => (await figures(PROBE)).dlq === dlqBefore + 1, 150_000);
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: consumerDlqUrl(PROBE), MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
    );
    const message = received.Messages!.find((m) => m.Body!.includes(poison))!;
    expect(JSON.parse(message.Body!).detail.data).toEqual({ entityId: poison, seq: 1, poison: true });
    // Parked by the consumer itself (contract 6), with the handler's reason.
    expect(message.MessageAttributes?.['ParkedBy']?.StringValue).toBe('consumer');
    expect(message.MessageAttributes?.['ErrorMessage']?.StringValue).toContain(`poison message for ${poison} step 1`);
    // The reason is in the consumer's log, once per failed receive.
    expect(logs.filter((log) => log.line.includes(`poison message for ${poison} step 1`)).length).toBeGreaterThanOrEqual(2);
    expect(await cursorOf(poison)).toBe(0);
  }, 180_000);
});

describe('status', () => {
  test('GET /status returns exactly the documented figures for every consumer, consistent with what happened', async () => {
    await router.eventBridge.drain();
    const status = await fetchStatus(router.eventBridge.endpoint);
    // No `faults` object: this runtime runs without --faults.
    expect(Object.keys(status)).toEqual(['consumers']);
    expect(Object.keys(status.consumers).sort()).toEqual(ALL_CONSUMERS);
    for (const consumerFigures of Object.values(status.consumers)) {
      expect(Object.keys(consumerFigures)).toEqual(['received', 'processed', 'duplicates', 'failed', 'dlq', 'oldestAgeSeconds', 'dropped']);
      for (const value of Object.values(consumerFigures)) expect(Number.isInteger(value) && value >= 0).toBe(true);
    }
    const probe = status.consumers[PROBE];
    // 1 routing step + 1 boundary-size step + 12 entities x 5 steps + 2 entities x 2 steps done; 3 messages failed once +
    // 1 poison message failed twice: `failed` counts messages, so 4. (A worker killed by a timeout after its commit loses
    // its EMF line; the retry then counts a duplicate, and the messages of that batch count as failed.)
    expect(probe.processed).toBeLessThanOrEqual(66);
    expect(probe.processed + probe.duplicates).toBeGreaterThanOrEqual(66);
    expect(probe.failed).toBeGreaterThanOrEqual(4);
    expect(probe.dlq).toBeGreaterThanOrEqual(1);
    expect(status.consumers.inventory.duplicates).toBeGreaterThanOrEqual(1);
  });
});

/** Runs `event-router start` with `args` on the cached e2e assembly; returns the child, its output so far and its exit. */
function startCli(args: string[]) {
  // tsx as a loader, not its CLI: the CLI relays SIGTERM and SIGKILLs a child that does not acknowledge it within
  // ~60 ms, which a busy machine misses; the signal must reach the runtime itself so it stops DynamoDB Local.
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'start', '--no-synth', '--cdk-out', cdkOut, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { output: '' };
  child.stdout.on('data', (chunk: Buffer) => (state.output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (state.output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, state, exited };
}

describe('npm start', () => {
  test('serves the app on the asked port with /status, and SIGTERM stops it with every port freed', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'cli/main.ts', 'start', '--no-synth', '--cdk-out', cdkOut, '--port', String(port), '--no-view'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      await waitFor('the runtime to be ready', () => output.includes('Ctrl-C stops everything'), 120_000);
      expect(output).toContain(`export AWS_ENDPOINT_URL_EVENTBRIDGE=http://127.0.0.1:${port}`);
      const status = await fetchStatus(`http://127.0.0.1:${port}`);
      expect(Object.keys(status.consumers).sort()).toEqual(ALL_CONSUMERS);
      const ports = [...output.matchAll(/export AWS_ENDPOINT_URL_(?:SQS|DYNAMODB)=http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
      expect(ports).toHaveLength(2);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('Stopped: DynamoDB Local exited, every port is free.');
      // Nothing listens any more: not the endpoint, not SQS, not DynamoDB Local's Java process.
      for (const freed of [port, ...ports]) await expect(fetch(`http://127.0.0.1:${freed}/`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);

  test('--faults with an invalid spec is bad input: exit 2 naming the fault, before anything starts', async () => {
    const { state, exited } = startCli(['--faults', 'reorder=1.5,seed=7', '--no-view']);
    expect(await exited).toBe(2);
    expect(state.output).toContain('--faults: reorder must be a fraction between 0 and 1; got 1.5');
    expect(state.output).not.toContain('Synthesizing');
  });

  test('--faults reorder=0.3,duplicate=0.2,seed=7 runs the app with the faults named and counted in /status', async () => {
    const port = await freePort();
    const { child, state, exited } = startCli(['--port', String(port), '--no-view', '--faults', 'reorder=0.3,duplicate=0.2,seed=7']);
    try {
      await waitFor('the runtime to be ready', () => state.output.includes('Ctrl-C stops everything'), 120_000);
      expect(state.output).toContain('Faults on (counts in /status): seed=7,reorder=0.3,duplicate=0.2');
      const client = new EventBridgeClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
      const entity = `faults-${ulid()}`;
      for (let seq = 1; seq <= 20; seq += 1) {
        const out = await client.send(new PutEventsCommand({ Entries: [probeStep(entity, seq)] }));
        expect(out.FailedEntryCount).toBe(0);
      }
      client.destroy();
      const status = await waitFor(
        'reorder and duplicate faults to be counted',
        async () => {
          const current = await fetchStatus(`http://127.0.0.1:${port}`);
          return (current.faults?.reorder ?? 0) > 0 && (current.faults?.duplicate ?? 0) > 0 && current.consumers[PROBE].received === 20 ? current : undefined;
        },
        60_000,
      );
      expect(Object.keys(status.faults!).sort()).toEqual(['duplicate', 'reorder']);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(state.output).toContain('Stopped: DynamoDB Local exited, every port is free.');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);
});
