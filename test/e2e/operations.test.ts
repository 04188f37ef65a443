/**
 * End-to-end: the ops commands (status, dlq, replay, trace) on the real synthesized app running locally, driven
 * through the ops layer the CLI calls and, for the interrupted redrive, through the CLI process itself.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import type { LocalRouter } from '../../local/router/index';
import { OpsInputError, connectLocal, consumerStatus, peekDlq, redriveDlq, replayConsumer, skipParked, traceEvents, type OpsTarget, type TracedEvent, type TraceResult } from '../../ops';
import { PROBE, PROBE_DETAIL_TYPE, PROBE_SOURCE, fetchStatus, startE2eRouter, waitFor } from './support';

const ROOT = resolve(import.meta.dirname, '..', '..');
let router: LocalRouter;
let target: OpsTarget;
let eventBridge: EventBridgeClient;
let dynamodb: DynamoDBClient;
let sqs: SQSClient;
let busName: string;
const run = ulid().slice(-6);
const poisonEntity = `poison-${run}`;
const poisonCorrelation = `corr-poison-${run}`;

beforeAll(async () => {
  router = await startE2eRouter();
  target = await connectLocal(router.eventBridge.endpoint);
  eventBridge = new EventBridgeClient({ endpoint: router.eventBridge.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  dynamodb = router.runtime.dynamoDbClient();
  sqs = router.runtime.sqsClient();
  busName = router.eventBridge.busNames.find((name) => name !== 'default')!;
  // Published first: the handler rejects it on every receive, so it reaches the DLQ after maxReceiveCount visibility
  // timeouts (or at once when the consumer parks permanent failures itself) while the other tests run.
  await putEvents([probeStep(poisonEntity, 1, { poison: true }, poisonCorrelation)]);
}, 300_000);

afterAll(async () => {
  target?.close();
  eventBridge?.destroy();
  dynamodb?.destroy();
  sqs?.destroy();
  await router?.stop();
});

function probeStep(entityId: string, seq: number, extra: Record<string, unknown> = {}, correlationId?: string, eventId = ulid()): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: PROBE_SOURCE,
    DetailType: PROBE_DETAIL_TYPE,
    Detail: JSON.stringify({
      metadata: { eventId, eventType: 'probe.step', eventVersion: '1', occurredAt: new Date().toISOString(), producer: PROBE_SOURCE, ...(correlationId === undefined ? {} : { correlationId }) },
      data: { entityId, seq, ...extra },
    }),
  };
}

function orderPlaced(orderId: string, correlationId: string): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: 'orders-service',
    DetailType: 'OrderPlaced',
    Detail: JSON.stringify({
      metadata: { eventId: ulid(), eventType: 'order.placed', eventVersion: '1', occurredAt: new Date().toISOString(), producer: 'orders-service', correlationId },
      data: { orderId, customerId: 'cus_ops', lines: [{ sku: 'sku-1', quantity: 1, unitPriceCents: 100 }], totalCents: 100, currency: 'EUR' },
    }),
  };
}

/** A probe step numbered by the producer (`detail.metadata.sequence`): the runtime resequences it per entity. */
function sequencedStep(entityId: string, sequence: number, data: Record<string, unknown> = {}): PutEventsRequestEntry & { eventId: string } {
  const eventId = ulid();
  return {
    eventId,
    EventBusName: busName,
    Source: PROBE_SOURCE,
    DetailType: PROBE_DETAIL_TYPE,
    Detail: JSON.stringify({
      metadata: { eventId, eventType: 'probe.step', eventVersion: '1', occurredAt: new Date().toISOString(), producer: PROBE_SOURCE, sequence },
      data: { entityId, seq: sequence, ...data },
    }),
  };
}

/** The probe's `refuse` flag of an entity: while it exists, steps with `refuseWhileFlagged` fail for good (PermanentError). */
async function setRefuseFlag(entityId: string, on: boolean): Promise<void> {
  const TableName = router.runtime.func(PROBE).fn.definition.environment.STATE_TABLE_NAME!;
  const Key = { pk: { S: `entity#${entityId}` }, sk: { S: 'refuse' } };
  if (on) await dynamodb.send(new PutItemCommand({ TableName, Item: Key }));
  else await dynamodb.send(new DeleteItemCommand({ TableName, Key }));
}

/** How many times the probe applied an event (steps published with `countApplications`). */
async function applications(entityId: string, eventId: string): Promise<number> {
  const TableName = router.runtime.func(PROBE).fn.definition.environment.STATE_TABLE_NAME!;
  const out = await dynamodb.send(new GetItemCommand({ TableName, Key: { pk: { S: `entity#${entityId}` }, sk: { S: `applied#${eventId}` } }, ConsistentRead: true }));
  return Number(out.Item?.n?.N ?? 0);
}

/** Waits until the probe's queues are empty and nothing is in flight. */
async function probeIdle(): Promise<void> {
  await router.eventBridge.drain();
  await waitFor('the probe queues to be idle', async () => {
    const [s] = await consumerStatus(target, { consumer: PROBE });
    return (s!.queue?.visible ?? 0) + (s!.queue?.inFlight ?? 0) + (s!.bufferQueue?.visible ?? 0) + (s!.bufferQueue?.inFlight ?? 0) === 0;
  }, 60_000);
}

async function putEvents(entries: PutEventsRequestEntry[]): Promise<void> {
  const out = await eventBridge.send(new PutEventsCommand({ Entries: entries }));
  expect(out.FailedEntryCount).toBe(0);
}

/** The EventBridge event a rule target would have delivered for a probe step. */
function probeEventBody(entityId: string, seq: number, eventId = ulid()): string {
  return JSON.stringify({
    version: '0',
    id: ulid(),
    'detail-type': PROBE_DETAIL_TYPE,
    source: PROBE_SOURCE,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: { metadata: { eventId, eventType: 'probe.step', eventVersion: '1', occurredAt: new Date().toISOString(), producer: PROBE_SOURCE }, data: { entityId, seq } },
  });
}

/**
 * Parks messages in the probe's DLQ the way the consumer parks a permanent failure (contract 6 attributes, the
 * entity as group), so the tests hold whether the consumer parks at once or only the redrive policy moves messages.
 */
async function park(messages: { entityId: string; seq: number; eventId?: string }[], reason = 'PermanentError'): Promise<void> {
  const probe = await target.consumer(PROBE);
  for (let i = 0; i < messages.length; i += 10) {
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: probe.deadLetterQueue!.url,
        Entries: messages.slice(i, i + 10).map((m, j) => {
          const eventId = m.eventId ?? ulid();
          return {
            Id: String(j),
            MessageBody: probeEventBody(m.entityId, m.seq, eventId),
            MessageGroupId: m.entityId,
            MessageDeduplicationId: `park-${eventId}`,
            MessageAttributes: {
              ErrorType: { DataType: 'String', StringValue: reason },
              ErrorMessage: { DataType: 'String', StringValue: `step ${m.seq} of ${m.entityId} was refused` },
              ParkedAt: { DataType: 'String', StringValue: new Date().toISOString() },
              ParkedBy: { DataType: 'String', StringValue: 'consumer' },
              EventId: { DataType: 'String', StringValue: eventId },
            },
          };
        }),
      }),
    );
    expect(out.Failed ?? []).toEqual([]);
  }
}

async function probeItems(entityId: string) {
  const env = router.runtime.func(PROBE).fn.definition.environment;
  const out = await dynamodb.send(
    new QueryCommand({ TableName: env.STATE_TABLE_NAME, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `entity#${entityId}` } }, ConsistentRead: true }),
  );
  return out.Items ?? [];
}

const cursorOf = async (entityId: string) => Number((await probeItems(entityId)).find((item) => item.sk.S === 'cursor')?.seq?.N ?? '0');

async function dlqCounts(): Promise<{ visible: number; hidden: number }> {
  const probe = await target.consumer(PROBE);
  const out = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: probe.deadLetterQueue!.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(out.Attributes!.ApproximateNumberOfMessages), hidden: Number(out.Attributes!.ApproximateNumberOfMessagesNotVisible) };
}

/** Every step of an entity was applied exactly once and in order: step items 1..n and no violation item. */
async function expectAppliedOnceInOrder(entityId: string, steps: number): Promise<void> {
  const items = await probeItems(entityId);
  expect(items.filter((item) => item.sk.S!.startsWith('violation#'))).toEqual([]);
  expect(items.filter((item) => item.sk.S!.startsWith('step#')).map((item) => item.sk.S)).toEqual(
    Array.from({ length: steps }, (_, i) => `step#${String(i + 1).padStart(6, '0')}`),
  );
}

describe('dlq peek and redrive', () => {
  test('peek shows a parked event with its reason and leaves the DLQ as it was; redrive applies it once', async () => {
    const entity = `parked-${run}`;
    const eventId = ulid();
    await park([{ entityId: entity, seq: 1, eventId }]);
    const first = await peekDlq(target, PROBE, { filter: `entity=${entity}` });
    expect(first.messages).toHaveLength(1);
    expect(first.messages[0]).toMatchObject({ eventId, entity, detailType: PROBE_DETAIL_TYPE, errorType: 'PermanentError', parkedBy: 'consumer', errorMessage: `step 1 of ${entity} was refused` });
    // Unchanged: visible again at once, still there, same message and attributes on a second look.
    expect((await dlqCounts()).hidden).toBe(0);
    const second = await peekDlq(target, PROBE, { filter: `entity=${entity}` });
    expect(second.messages.map(({ messageId, body, attributes }) => ({ messageId, body, attributes }))).toEqual(
      first.messages.map(({ messageId, body, attributes }) => ({ messageId, body, attributes })),
    );

    const redrive = await redriveDlq(target, PROBE, { ids: [eventId] });
    expect(redrive.items.map((item) => item.status)).toEqual(['redriven']);
    expect(redrive.problem).toBe(false);
    await waitFor(`${entity} to be applied`, async () => (await cursorOf(entity)) === 1);
    expect((await peekDlq(target, PROBE, { filter: `entity=${entity}` })).messages).toEqual([]);
    // Running it again finds nothing to send, and nothing is applied twice.
    const again = await redriveDlq(target, PROBE, { ids: [eventId] });
    expect(again.items).toEqual([]);
    expect(again.notFound).toEqual([eventId]);
    await router.eventBridge.drain();
    await expectAppliedOnceInOrder(entity, 1);
  }, 120_000);

  test('a redrive killed midway and run again loses nothing and applies nothing twice, each entity in order', async () => {
    const entities = [0, 1, 2].map((i) => `killed-${run}-${i}`);
    const steps = 8;
    const before = (await fetchStatus(router.eventBridge.endpoint)).consumers[PROBE]!;
    await park(entities.flatMap((entityId) => Array.from({ length: steps }, (_, i) => ({ entityId, seq: i + 1 }))));
    const cli = spawn(
      process.execPath,
      [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'cli/main.ts', 'dlq', 'redrive', PROBE, '--filter', `entity~killed-${run}`, '--rate', '8', '--hold-seconds', '3', '--endpoint', router.eventBridge.endpoint],
      { cwd: ROOT, stdio: 'ignore' },
    );
    const exited = new Promise((done) => cli.once('exit', done));
    // Killed (no chance to clean up) once some, not all, were sent back.
    await waitFor('the redrive to be partway', async () => entities.reduce(async (sum, e) => (await sum) + (await cursorOf(e)), Promise.resolve(0)).then((n) => n >= 3), 60_000);
    cli.kill('SIGKILL');
    await exited;
    const partial = await Promise.all(entities.map(cursorOf));
    expect(partial.reduce((a, b) => a + b, 0)).toBeLessThan(entities.length * steps);

    // What the killed run held comes back after its hold (3 s); the re-run sends the rest.
    await waitFor('the held messages to be visible again', async () => (await dlqCounts()).hidden === 0, 30_000);
    const rerun = await redriveDlq(target, PROBE, { filter: `entity~killed-${run}` });
    expect(rerun.items.every((item) => item.status === 'redriven')).toBe(true);
    for (const entity of entities) await waitFor(`${entity} to reach step ${steps}`, async () => (await cursorOf(entity)) === steps, 60_000);
    for (const entity of entities) await expectAppliedOnceInOrder(entity, steps);
    const after = (await fetchStatus(router.eventBridge.endpoint)).consumers[PROBE]!;
    // The state items above are the proof of once-only; the metric agrees, except that a worker killed by its
    // timeout after committing loses its EMF line (its retry then counts a duplicate), as under heavy load here.
    expect(after.processed - before.processed).toBeLessThanOrEqual(entities.length * steps);
    expect(after.processed + after.duplicates - before.processed - before.duplicates).toBeGreaterThanOrEqual(entities.length * steps);
    expect((await peekDlq(target, PROBE, { filter: `entity~killed-${run}`, limit: 100 })).messages).toEqual([]);
  }, 180_000);

  test('the event the handler rejects is in the DLQ with its entity and why it is there', async () => {
    const found = await waitFor(
      'the poison event to be parked',
      async () => (await peekDlq(target, PROBE, { filter: `entity=${poisonEntity}` })).messages[0],
      150_000,
    );
    expect(found).toMatchObject({ entity: poisonEntity, detailType: PROBE_DETAIL_TYPE, correlationId: poisonCorrelation });
    // Parked by the consumer with contract 6 attributes, or moved by the queue's redrive policy after maxReceiveCount.
    expect(found.errorType !== undefined || found.parkedBy === 'redrive-policy').toBe(true);
    expect(found.receiveCount).toBeGreaterThanOrEqual(1);
  }, 180_000);
});

describe('replay', () => {
  test('a window replayed to one consumer reaches only that consumer, which skips what it already applied', async () => {
    const from = new Date(Date.now() - 1000);
    const orderId = `ord_replay${run}`;
    await putEvents([orderPlaced(orderId, `corr-replay-${run}`)]);
    await waitFor('every consumer to process the order', async () => {
      const event = (await traceEvents(target, orderId)).events[0];
      return event !== undefined && event.consumers.length === 3 && event.consumers.every((c) => c.outcome === 'applied');
    });
    await new Promise((done) => setTimeout(done, 1100));
    const to = new Date();
    await router.eventBridge.drain();
    const before = await fetchStatus(router.eventBridge.endpoint);
    const result = await replayConsumer(target, 'analytics', { from, to, pollMs: 100 });
    expect(result.state).toBe('COMPLETED');
    expect(result.request.Destination?.FilterArns).toEqual([(await target.consumer('analytics')).ruleArn]);
    await router.eventBridge.drain();
    await waitFor('analytics to handle the replay', async () => (await consumerStatus(target, { consumer: 'analytics' }))[0]!.queue!.visible === 0);
    const after = await fetchStatus(router.eventBridge.endpoint);
    expect(after.consumers.analytics!.received - before.consumers.analytics!.received).toBeGreaterThanOrEqual(1);
    for (const other of ['inventory', 'notifications', PROBE]) expect(after.consumers[other]!.received).toBe(before.consumers[other]!.received);
    // Nothing applied twice: the replayed event is deduplicated (by the queue within 5 minutes, else by the marker).
    expect(after.consumers.analytics!.processed).toBe(before.consumers.analytics!.processed);
    const trace = await traceEvents(target, orderId);
    expect(trace.events[0]!.replays).toEqual([result.replayName]);
  }, 120_000);
});

describe('trace', () => {
  test('a correlation id lists every consumer outcome of every event that carries it', async () => {
    const correlationId = `corr-trace-${run}`;
    const orderId = `ord_trace${run}`;
    await putEvents([orderPlaced(orderId, correlationId), probeStep(`trace-${run}`, 1, {}, correlationId)]);
    const trace = await waitFor<TraceResult>('every consumer to apply both events', async () => {
      const result = await traceEvents(target, correlationId);
      return result.events.length === 2 && result.events.every((event) => event.consumers.every((c) => c.outcome === 'applied')) ? result : undefined;
    });
    const byType: Record<string, TracedEvent> = Object.fromEntries(trace.events.map((event) => [event.detailType ?? '', event]));
    expect(byType.OrderPlaced!.consumers.map((c) => c.consumer).sort()).toEqual(byType.OrderPlaced!.matchedConsumers);
    expect(byType.OrderPlaced!.matchedConsumers).toEqual(['analytics', 'inventory', 'notifications']);
    expect(byType[PROBE_DETAIL_TYPE]!.consumers.map((c) => c.consumer)).toEqual([PROBE]);
    for (const event of trace.events) {
      expect(event.published).toMatchObject({ via: 'PutEvents', busName });
      for (const c of event.consumers) expect(Number.isNaN(Date.parse(c.at!))).toBe(false);
    }
    expect(trace.problem).toBe(false);
  }, 60_000);

  test('the trace of the rejected event says it is parked, with its reason', async () => {
    const trace = await waitFor<TraceResult>('the poison event to be parked', async () => {
      const result = await traceEvents(target, poisonCorrelation);
      return result.events[0]?.consumers[0]?.outcome === 'parked' ? result : undefined;
    }, 150_000);
    expect(trace.events[0]!.consumers).toHaveLength(1);
    expect(trace.events[0]!.consumers[0]!.reason).toMatch(/consumer DLQ/);
    expect(trace.problem).toBe(true);
  }, 180_000);
});

describe('status', () => {
  test('agrees with GET /status for every consumer', async () => {
    await router.eventBridge.drain();
    await waitFor('the queues to be idle', async () => (await consumerStatus(target)).every((s) => (s.queue?.visible ?? 0) + (s.queue?.inFlight ?? 0) + (s.bufferQueue?.visible ?? 0) + (s.bufferQueue?.inFlight ?? 0) === 0), 60_000);
    const [statuses, report] = await Promise.all([consumerStatus(target), fetchStatus(router.eventBridge.endpoint)]);
    expect(statuses.map((s) => s.consumer)).toEqual(Object.keys(report.consumers).sort());
    for (const s of statuses) {
      const figures = report.consumers[s.consumer]!;
      expect({ consumer: s.consumer, processed: s.processed, duplicates: s.duplicates, dlq: s.dlqDepth }).toEqual({
        consumer: s.consumer,
        processed: figures.processed,
        duplicates: figures.duplicates,
        dlq: figures.dlq,
      });
      // Locally both count messages that failed at least once (on AWS status sums EventsFailed, failed attempts).
      expect(s.failed).toBe(figures.failed);
      expect(s.verdict).toBe(figures.dlq > 0 ? 'parked' : 'healthy');
    }
  }, 90_000);
});

describe('quarantine behind a parked sequenced event', () => {
  /** Publishes steps 1-4 of an entity whose step 2 is refused for good: 1 applied, 2 parked (quarantine), 3 and 4 held. */
  async function quarantined(entity: string, data: (sequence: number) => Record<string, unknown>) {
    await setRefuseFlag(entity, true);
    const steps = [1, 2, 3, 4].map((n) => sequencedStep(entity, n, { ...data(n), ...(n === 2 ? { refuseWhileFlagged: true } : {}) }));
    await putEvents(steps.map(({ eventId: _, ...entry }) => entry));
    const trace = await waitFor<TraceResult>(`${entity} to be quarantined with 3 and 4 held`, async () => {
      const result = await traceEvents(target, entity);
      const cursor = result.cursors.find((c) => c.consumer === PROBE);
      return cursor?.parkedSequence === 2 && cursor.held.join(',') === '3,4' ? result : undefined;
    }, 60_000);
    return { steps, trace };
  }

  test('trace and status show the held events and the quarantine from the consumer table; redrive after the fix applies it and then the held ones in order', async () => {
    const entity = `quar-${run}`;
    const { steps, trace } = await quarantined(entity, () => ({}));
    expect(trace.cursors).toContainEqual({ consumer: PROBE, entity, applied: 1, held: [3, 4], parkedSequence: 2 });
    const outcome = (eventId: string) => trace.events.find((e) => e.eventId === eventId)!.consumers.find((c) => c.consumer === PROBE)!;
    expect(outcome(steps[0]!.eventId)).toMatchObject({ outcome: 'applied' });
    expect(outcome(steps[1]!.eventId)).toMatchObject({ outcome: 'parked', reason: expect.stringMatching(/PermanentError.*quarantined behind it with 2 event\(s\) held/) });
    expect(outcome(steps[2]!.eventId)).toMatchObject({ outcome: 'held', reason: expect.stringContaining('quarantined behind parked sequence 2') });
    const [status] = await consumerStatus(target, { consumer: PROBE });
    expect(status!.held).toBeGreaterThanOrEqual(2);
    expect(status!.quarantined).toBeGreaterThanOrEqual(1);
    expect(await cursorOf(entity)).toBe(1);

    // Fix the cause, then redrive the parked event: it is applied, the quarantine ends, 3 and 4 follow in order.
    await setRefuseFlag(entity, false);
    const redrive = await redriveDlq(target, PROBE, { ids: [steps[1]!.eventId] });
    expect(redrive.items.map((item) => item.status)).toEqual(['redriven']);
    await waitFor(`${entity} to reach step 4`, async () => (await cursorOf(entity)) === 4, 60_000);
    await expectAppliedOnceInOrder(entity, 4);
    expect((await traceEvents(target, entity)).cursors).toContainEqual({ consumer: PROBE, entity, applied: 4, held: [], parkedSequence: undefined });
  }, 120_000);

  test('dlq skip gives the parked event up and the held ones apply in order at once; it needs --yes, and a re-run changes nothing', async () => {
    const entity = `skip-${run}`;
    // The probe's own step counter skips the given-up event: sequences 1, 3, 4 are its steps 1, 2, 3.
    const { steps } = await quarantined(entity, (n) => ({ seq: ({ 1: 1, 2: 99, 3: 2, 4: 3 } as Record<number, number>)[n] }));
    const parkedId = steps[1]!.eventId;
    await expect(skipParked(target, PROBE, { ids: [parkedId] })).rejects.toBeInstanceOf(OpsInputError);
    const dry = await skipParked(target, PROBE, { entity, sequence: 2, dryRun: true });
    expect(dry.items).toEqual([expect.objectContaining({ entity, sequence: 2, eventId: parkedId, status: 'would-skip', held: 2, deleted: false })]);
    expect(await cursorOf(entity)).toBe(1);

    const skip = await skipParked(target, PROBE, { ids: [parkedId], confirm: true });
    expect(skip.items).toEqual([expect.objectContaining({ entity, sequence: 2, status: 'skipped', held: 2, released: true, deleted: true })]);
    expect(skip.problem).toBe(false);
    await waitFor(`${entity} to apply its held events`, async () => (await cursorOf(entity)) === 3, 60_000);
    await expectAppliedOnceInOrder(entity, 3);
    expect((await peekDlq(target, PROBE, { filter: `entity=${entity}` })).messages).toEqual([]);
    const after = await traceEvents(target, parkedId);
    expect(after.events[0]!.consumers.find((c) => c.consumer === PROBE)).toMatchObject({ outcome: 'skipped' });

    // Run again: the id is gone from the DLQ; by entity and sequence the cursor is already past it.
    expect((await skipParked(target, PROBE, { ids: [parkedId], confirm: true })).notFound).toEqual([parkedId]);
    expect((await skipParked(target, PROBE, { entity, sequence: 2, confirm: true })).items).toEqual([expect.objectContaining({ status: 'already-past', deleted: false })]);
    await probeIdle();
    await expectAppliedOnceInOrder(entity, 3);
    await setRefuseFlag(entity, false);
  }, 120_000);
});

describe('replay --reprocess', () => {
  test("re-applies the chosen consumer's events once per replay, leaves its cursor and the other consumers alone; a plain replay applies nothing", async () => {
    const entity = `repro-${run}`;
    const from = new Date(Date.now() - 1000);
    const steps = [1, 2, 3].map((n) => sequencedStep(entity, n, { countApplications: true }));
    await putEvents(steps.map(({ eventId: _, ...entry }) => entry));
    await waitFor(`${entity} to be applied`, async () => (await cursorOf(entity)) === 3, 60_000);
    await new Promise((done) => setTimeout(done, 1100));
    const to = new Date();
    await probeIdle();
    const counts = () => Promise.all(steps.map((step) => applications(entity, step.eventId)));
    expect(await counts()).toEqual([1, 1, 1]);
    const before = await fetchStatus(router.eventBridge.endpoint);

    // A plain replay is skipped (the FIFO queue drops the copies within 5 minutes, the cursor after that).
    const plain = await replayConsumer(target, PROBE, { from, to, pollMs: 100 });
    expect(plain.state).toBe('COMPLETED');
    await probeIdle();
    expect(await counts()).toEqual([1, 1, 1]);

    const reprocess = await replayConsumer(target, PROBE, { from, to, reprocess: true, pollMs: 100 });
    expect(reprocess.replayName).toMatch(/^reprocess-/);
    await waitFor('the reprocess replay to apply every step again', async () => (await counts()).every((n) => n === 2), 60_000);
    await probeIdle();

    // The transport misbehaves: a copy of the reprocessed event and of the plain replay's reach the consumer queue
    // again, past the FIFO deduplication (new ids). The replay-scoped marker and the cursor skip them.
    const probe = await target.consumer(PROBE);
    const bodyOf = (step: (typeof steps)[number], replayName: string) =>
      JSON.stringify({ version: '0', id: ulid(), 'detail-type': PROBE_DETAIL_TYPE, source: PROBE_SOURCE, account: '000000000000', time: new Date().toISOString(), region: 'us-east-1', resources: [], detail: JSON.parse(step.Detail!), 'replay-name': replayName });
    for (const replayName of [reprocess.replayName, plain.replayName]) {
      await sqs.send(new SendMessageCommand({ QueueUrl: probe.queue!.url, MessageBody: bodyOf(steps[0]!, replayName), MessageGroupId: entity, MessageDeduplicationId: `dup-${ulid()}` }));
    }
    await probeIdle();
    expect(await counts()).toEqual([2, 2, 2]);

    // Each reprocess replay applies once more.
    const again = await replayConsumer(target, PROBE, { from, to, reprocess: true, pollMs: 100 });
    await waitFor('the second reprocess replay to apply every step once more', async () => (await counts()).every((n) => n === 3), 60_000);
    await probeIdle();
    expect(await counts()).toEqual([3, 3, 3]);
    expect(again.replayName).not.toBe(reprocess.replayName);

    // The live cursor never moved and the probe saw no step out of order; no other consumer received anything.
    await expectAppliedOnceInOrder(entity, 3);
    expect((await traceEvents(target, entity)).cursors).toContainEqual({ consumer: PROBE, entity, applied: 3, held: [], parkedSequence: undefined });
    const after = await fetchStatus(router.eventBridge.endpoint);
    for (const other of ['inventory', 'notifications', 'analytics']) expect(after.consumers[other]!.received).toBe(before.consumers[other]!.received);
  }, 240_000);
});
