/**
 * Publishers held to their sources, on the local runtime: the router is synthesized with one
 * admitted account (111111111111, source orders-service) and the local EventBridge endpoint
 * enforces the bus policy from the template. Locally the caller's account is its access key id
 * when that is 12 digits (docs/infrastructure.md, Publishers).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ulid } from 'ulid';
import { buildApp } from '../../bin/build-app';
import { startLocalRouter, synthesize, type LocalRouter } from '../../local/router/index';
import { consumers } from '../../consumers/index';
import { fetchStatus, waitFor } from './support';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CDK_OUT = join(ROOT, 'node_modules', '.cache', 'event-router', 'e2e-publishers-cdk.out');
const ADMITTED = '111111111111';
const STRANGER = '222222222222';

let router: LocalRouter;
const clients: EventBridgeClient[] = [];

/** An EventBridge client signing as `accessKeyId` (a 12-digit key = that account, locally). */
function clientFor(accessKeyId: string): EventBridgeClient {
  const client = new EventBridgeClient({ endpoint: router.eventBridge.endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'local' }, maxAttempts: 1 });
  clients.push(client);
  return client;
}

function entry(source: string): PutEventsRequestEntry {
  const eventId = ulid();
  return {
    EventBusName: 'event-router',
    Source: source,
    DetailType: 'OrderPlaced',
    Detail: JSON.stringify({
      metadata: { eventId, eventType: 'order.placed', eventVersion: '1', occurredAt: new Date().toISOString(), producer: source },
      data: { orderId: `ord_${eventId}`, customerId: 'cus_1', lines: [{ sku: 'sku-1', quantity: 1, unitPriceCents: 4995 }], totalCents: 4995, currency: 'EUR' },
    }),
  };
}

const received = async () => (await fetchStatus(router.eventBridge.endpoint)).consumers.analytics.received;

beforeAll(async () => {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const analytics = consumers.find((c) => c.name === 'analytics')!;
  const { outdir } = await synthesize({
    outdir: CDK_OUT,
    inProcess: {
      key: `analytics + publisher ${ADMITTED}`,
      extraInputs: ['test/e2e/publisher-sources.test.ts'],
      synth: (dir) =>
        buildApp({
          outdir: dir,
          consumers: [analytics],
          publishers: [{ account: ADMITTED, sources: ['orders-service'] }],
          context: cdkJson.context,
          nag: false,
        }).synth(),
    },
  });
  router = await startLocalRouter({ cdkOut: outdir, eventSources: false });
}, 300_000);

afterAll(async () => {
  clients.forEach((client) => client.destroy());
  await router?.stop();
});

test('an admitted account publishing its own source is accepted and routed', async () => {
  const before = await received();

  const result = await clientFor(ADMITTED).send(new PutEventsCommand({ Entries: [entry('orders-service')] }));

  expect(result.FailedEntryCount).toBe(0);
  await waitFor('the analytics rule to match the event', async () => (await received()) === before + 1);
});

test('an admitted account publishing a source it does not own is refused, and nothing of the call is accepted', async () => {
  const before = await received();

  const call = clientFor(ADMITTED).send(new PutEventsCommand({ Entries: [entry('orders-service'), entry('billing-service')] }));

  await expect(call).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringMatching(/"billing-service".*publishers/) });
  await new Promise((done) => setTimeout(done, 300));
  expect(await received()).toBe(before);
});

test('an account the bus policy does not list is refused whatever the source', async () => {
  const call = clientFor(STRANGER).send(new PutEventsCommand({ Entries: [entry('orders-service')] }));

  await expect(call).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining(`arn:aws:iam::${STRANGER}:root`) });
});

test("the router's own account publishes without a bus policy statement (no IAM locally)", async () => {
  const before = await received();

  const result = await clientFor('local').send(new PutEventsCommand({ Entries: [entry('orders-service')] }));

  expect(result.FailedEntryCount).toBe(0);
  await waitFor('the analytics rule to match the event', async () => (await received()) === before + 1);
});
