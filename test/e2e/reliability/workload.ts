/**
 * What the reliability suite publishes, through both producer paths, and the record of it that the
 * verification compares the probe's effects with:
 * - outbox path: orders placed, paid and shipped through the real orders service (`OrderService`,
 *   `writeWithOutbox` in the business transaction), published by the outbox's stream publisher
 *   function (under faults) and its sweeper;
 * - direct path: `publish()` of `reliability.direct` events, each entity's numbered 1..n and sent in
 *   order per entity; entries PutEvents failed are published again (same eventId) until accepted,
 *   as a producer must;
 * - producer duplicates: a share of direct events published a second time, same eventId and content;
 * - poison: single-event entities whose event is schema-invalid or rejected by the handler.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { LocalRouter } from '../../../local/router/index';
import { OrderService } from '../../../functions/orders/order-service';
import { createEvent, publish, PublishFailedError, type PublishableEvent } from '../../../runtime';
import { DIRECT_DETAIL_TYPE, DIRECT_SOURCE } from './reliability-app';

/** Sizes of a run. */
export interface WorkloadSize {
  /** Orders through the outbox (3 events each). */
  readonly orders: number;
  /** Entities of the direct path. */
  readonly directEntities: number;
  /** Events per direct entity. */
  readonly stepsPerEntity: number;
  /** Poison events (each its own entity), half schema-invalid, half handler-rejected. */
  readonly poison: number;
  /** Fraction of direct events published a second time with the same eventId. */
  readonly producerDuplicateShare: number;
}

/** One event the probe must apply exactly once, at `sequence` of `entity`. */
export interface ExpectedEvent {
  readonly eventId: string;
  readonly entity: string;
  readonly sequence: number;
  readonly path: 'outbox' | 'direct';
}

/** One poison event: must be parked in the probe's DLQ with its reason, never applied. */
export interface PoisonEvent {
  readonly eventId: string;
  readonly entity: string;
  readonly kind: 'schema-invalid' | 'handler-rejected';
}

/** What was published. */
export interface Published {
  readonly expected: ExpectedEvent[];
  readonly poison: PoisonEvent[];
  /** Direct events published twice on purpose. */
  readonly producerDuplicates: number;
  /** Entries the producers had to publish again after PutEvents failed them. */
  readonly producerRetries: number;
  readonly publishSeconds: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Publishes `events` until every one was accepted (a producer's duty), counting the entries sent again. */
async function publishUntilAccepted(events: PublishableEvent[], client: EventBridgeClient, eventBusName: string, deadline: number): Promise<number> {
  let pending = events;
  let again = 0;
  for (;;) {
    try {
      const outcome = await publish(pending, { client, eventBusName, orderingKey: (event) => (event.detail as { data: { orderId: string } }).data.orderId });
      return again + outcome.retries;
    } catch (error) {
      if (!(error instanceof PublishFailedError) || Date.now() > deadline) throw error;
      const failed = new Set(error.failed.map((f) => f.index));
      pending = pending.filter((_, index) => failed.has(index));
      again += pending.length;
      await sleep(200);
    }
  }
}

/** Runs `work` over `items` with at most `lanes` at once. */
async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** Runs one order through place, pay and ship; retried commands are the service's own conditional writes. */
async function runOrder(service: OrderService, orderId: string, expected: ExpectedEvent[]): Promise<void> {
  const placed = await service.execute({ action: 'place', orderId, customerId: 'cus_rel', lines: [{ sku: 'sku-rel', quantity: 1, unitPriceCents: 700 }], currency: 'EUR', correlationId: undefined });
  const paid = await service.execute({ action: 'pay', orderId, amountCents: 700, method: 'card', paymentId: undefined, correlationId: undefined });
  const shipped = await service.execute({ action: 'ship', orderId, carrier: 'dhl', trackingNumber: undefined, correlationId: undefined });
  for (const result of [placed, paid, shipped]) expected.push({ eventId: result.eventId, entity: orderId, sequence: result.sequence, path: 'outbox' });
}

/** Publishes the workload through both paths at once; resolves when every event was accepted. */
export async function runWorkload(router: LocalRouter, size: WorkloadSize, runId: string, timeoutMs: number): Promise<Published> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const runtime = router.runtime;
  const orders = runtime.functions.find((f) => f.fn.definition.environment.ORDERS_TABLE_NAME !== undefined)!;
  const service = new OrderService({
    client: runtime.dynamoDbClient(),
    ordersTableName: orders.fn.definition.environment.ORDERS_TABLE_NAME!,
    outboxTableName: orders.fn.definition.environment.OUTBOX_TABLE_NAME!,
  });
  const eventBusName = router.eventBridge.busNames.find((name) => name !== 'default')!;
  const client = new EventBridgeClient({ endpoint: router.eventBridge.endpoint, region: runtime.account.region, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  const expected: ExpectedEvent[] = [];
  const poison: PoisonEvent[] = [];
  let producerRetries = 0;
  let producerDuplicates = 0;

  const direct = (entity: string, data: Record<string, unknown>, sequence: number | undefined) =>
    createEvent({ source: DIRECT_SOURCE, detailType: DIRECT_DETAIL_TYPE, eventType: 'probe.step', data: { orderId: entity, ...data }, sequence });
  const idOf = (event: PublishableEvent) => (event.detail as { metadata: { eventId: string } }).metadata.eventId;

  const outboxPath = inLanes(Array.from({ length: size.orders }, (_, i) => `ord_${runId}o${i}`), 4, (orderId) => runOrder(service, orderId, expected));

  const directPath = (async () => {
    // Rounds of one event per entity, so each entity's events go out in sequence order; reorder faults do the rest.
    const all: PublishableEvent[] = [];
    for (let step = 1; step <= size.stepsPerEntity; step += 1) {
      const round = Array.from({ length: size.directEntities }, (_, i) => {
        const entity = `ent_${runId}d${i}`;
        const event = direct(entity, { step }, step);
        expected.push({ eventId: idOf(event), entity, sequence: step, path: 'direct' });
        return event;
      });
      all.push(...round);
      await inLanes(chunk(round, 50), 4, async (batch) => void (producerRetries += await publishUntilAccepted(batch, client, eventBusName, deadline)));
    }
    const poisonEvents = Array.from({ length: size.poison }, (_, i) => {
      const entity = `ent_${runId}p${i}`;
      const kind = i % 2 === 0 ? ('schema-invalid' as const) : ('handler-rejected' as const);
      const event = kind === 'schema-invalid' ? direct(entity, { step: 'one' }, 1) : direct(entity, { step: 1, poison: true }, 1);
      poison.push({ eventId: idOf(event), entity, kind });
      return event;
    });
    producerRetries += await publishUntilAccepted(poisonEvents, client, eventBusName, deadline);
    // The same events again, same eventId and content: a producer retrying after a lost answer.
    const every = Math.max(1, Math.round(1 / size.producerDuplicateShare));
    const again = all.filter((_, index) => index % every === 0);
    producerDuplicates = again.length;
    await inLanes(chunk(again, 50), 4, async (batch) => void (producerRetries += await publishUntilAccepted(batch, client, eventBusName, deadline)));
  })();

  try {
    await Promise.all([outboxPath, directPath]);
  } finally {
    client.destroy();
  }
  return { expected, poison, producerDuplicates, producerRetries, publishSeconds: (Date.now() - started) / 1000 };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}
