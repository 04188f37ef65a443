/**
 * The web view in a real browser (the system's headless Chromium, driven by playwright-core) against
 * the example app on the local runtime. One page goes through the steps a user takes; each step
 * leaves a screenshot under test-results/web/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Page } from 'playwright-core';
import { ulid } from 'ulid';
import type { LocalRouter } from '../../../local/router/index';
import { connect, consumerStatus, traceEvents, type OpsTarget } from '../../../ops';
import { fetchStatus, waitFor } from '../../e2e/support';
import { launchBrowser, startWebRouter } from './support';

const SHOTS = resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'web');
const CONSUMERS = ['analytics', 'inventory', 'notifications'];

let router: LocalRouter;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let sqs: SQSClient;
/** What `event-router status | trace --endpoint` read: the page must show the same. */
let ops: OpsTarget;
const pageErrors: string[] = [];
let publishedEventId = '';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  router = await startWebRouter();
  sqs = router.runtime.sqsClient();
  ops = await connect({ endpoint: router.eventBridge.endpoint });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => void dialog.dismiss());
}, 300_000);

afterAll(async () => {
  await browser?.close();
  sqs?.destroy();
  ops?.close();
  await router?.stop();
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const cell = (consumer: string, field: string) => page.locator(`#consumers-table tr[data-consumer="${consumer}"] td[data-field="${field}"]`);
const number = async (consumer: string, field: string) => Number(await cell(consumer, field).innerText());

/** Waits until `check` passes inside the page's live data (the table updates by server-sent events). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  await waitFor(what, async () => (await check()) || undefined, timeoutMs);
}

async function publishThroughForm(data: (example: Record<string, unknown>) => Record<string, unknown>): Promise<string> {
  await page.selectOption('#publish-type', 'OrderPlaced');
  await page.selectOption('#publish-version', '1');
  // Empty first: an earlier publish left data with an orderId, and the example arriving after our fill would overwrite it.
  await page.fill('#publish-data', '');
  await page.click('#publish-example');
  await until('example data', async () => (await page.inputValue('#publish-data')).includes('orderId'));
  // Selecting the type and the version each load the example too: wait until no late answer rewrites it.
  await until('the example data to settle', async () => {
    const before = await page.inputValue('#publish-data');
    await new Promise((resolve) => setTimeout(resolve, 500));
    return (await page.inputValue('#publish-data')) === before;
  });
  const example = JSON.parse(await page.inputValue('#publish-data')) as Record<string, unknown>;
  await page.fill('#publish-data', JSON.stringify(data(example), null, 2));
  // An earlier publish left its id on the page: wait for this publish's id, not that one.
  const previous = (await page.locator('#published-event-id').count()) > 0 ? await page.locator('#published-event-id').innerText() : undefined;
  await page.click('#publish-submit');
  await until('the published event id', async () => {
    if ((await page.locator('#published-event-id').count()) === 0) return false;
    return (await page.locator('#published-event-id').innerText()) !== previous;
  });
  return page.locator('#published-event-id').innerText();
}

async function searchUntilOutcomes(query: string, outcome: string, consumers: readonly string[]): Promise<void> {
  await until(`${consumers.join(', ')} ${outcome} in the trace of ${query}`, async () => {
    await page.fill('#search-query', query);
    await page.click('#search-form button[type=submit]');
    await until('the search to answer', async () => !(await page.locator('#search-status').innerText()).startsWith('Searching'));
    const outcomes = await page.locator('.trace').first().locator('[data-outcome]').allInnerTexts();
    return outcomes.length === consumers.length && outcomes.every((o) => o === outcome);
  });
}

test('the page loads and shows every consumer of the example app, in the table and in the topology', async () => {
  await page.goto(router.web.url);
  await page.waitForSelector('body[data-ready=true]');
  await page.waitForSelector('body[data-live=true]');
  expect(await page.locator('#consumers-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-consumer')))).toEqual(CONSUMERS);
  for (const consumer of CONSUMERS) {
    await expect(page.locator('svg.topology g.node.rule').filter({ hasText: `rule ${consumer}` }).count()).resolves.toBe(1);
  }
  // bus -> rule -> buffer -> forwarder -> queue -> function for each consumer, and a DLQ on the way.
  expect(await page.locator('svg.topology g.node.bus').count()).toBe(1);
  expect(await page.locator('svg.topology g.node.function').count()).toBeGreaterThanOrEqual(2 * CONSUMERS.length);
  expect(await page.locator('svg.topology g.node.dlq').count()).toBeGreaterThanOrEqual(2 * CONSUMERS.length);
  // Each consumer function parks into its DLQ itself (DEAD_LETTER_QUEUE_URL).
  for (const consumer of CONSUMERS) {
    const fn = router.runtime.functions.find((f) => f.consumerName === consumer && f.fn.definition.environment.DEDUPE_TABLE_NAME !== undefined && f.fn.definition.environment.CONSUMER_QUEUE_URL === undefined)!;
    expect(await page.locator(`svg.topology g.edge.dead-letter[data-edge^="function:${fn.name}->"]`).count()).toBe(1);
  }
  // The schedules: a gap sweeper per ordered consumer (inventory, notifications) and the outbox sweeper.
  expect(await page.locator('svg.topology g.node.schedule').count()).toBe(3);
  await shot('01-loaded');
});

test('publishing an OrderPlaced through the form changes the live counts of every consumer', async () => {
  const before = await Promise.all(CONSUMERS.map((c) => number(c, 'processed')));
  publishedEventId = await publishThroughForm((example) => example);
  expect(publishedEventId).toMatch(/^[0-9A-Z]{26}$/);
  await shot('02-published');
  await until('processed counts to grow', async () => {
    const after = await Promise.all(CONSUMERS.map((c) => number(c, 'processed')));
    return after.every((n, i) => n === before[i] + 1);
  });
  const received = await Promise.all(CONSUMERS.map((c) => number(c, 'received')));
  expect(received.every((n) => n >= 1)).toBe(true);
  await shot('03-counts-changed');
});

test('the consumers table shows the figures and verdict of event-router status', async () => {
  const fields = ['processed', 'duplicates', 'failed', 'parked', 'held', 'dlq'] as const;
  await until('the table to agree with consumerStatus', async () => {
    const statuses = await consumerStatus(ops);
    for (const s of statuses) {
      const expected = { processed: s.processed, duplicates: s.duplicates, failed: s.failed, parked: s.parked, held: s.held, dlq: s.dlqDepth };
      for (const field of fields) if ((await number(s.consumer, field)) !== expected[field]) return false;
      if ((await cell(s.consumer, 'verdict').innerText()) !== s.verdict) return false;
    }
    return statuses.map((s) => s.consumer).join() === CONSUMERS.join();
  });
  const status = await fetchStatus(router.eventBridge.endpoint);
  for (const consumer of CONSUMERS) {
    expect(await number(consumer, 'received')).toBe(status.consumers[consumer].received);
    expect(await number(consumer, 'dropped')).toBe(0);
  }
});

test('searching the published eventId shows the trace of event-router trace: each consumer applied it, and the detail', async () => {
  await searchUntilOutcomes(publishedEventId, 'applied', CONSUMERS);
  const cli = await traceEvents(ops, publishedEventId);
  const shown = await page.locator('.trace').first().locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.getAttribute('data-consumer'), r.querySelector('[data-outcome]')?.textContent]),
  );
  expect(shown).toEqual(cli.events[0].consumers.map((c) => [c.consumer, c.outcome]));
  const trace = page.locator('.trace').first();
  expect(await trace.getAttribute('data-event-id')).toBe(publishedEventId);
  expect(await trace.locator('pre.json').textContent()).toContain(`"eventId": "${publishedEventId}"`);
  await trace.locator('summary').click();
  await shot('04-search');
});

test('invalid data shows the validator\'s violations inline and publishes nothing', async () => {
  const received = await number('inventory', 'received');
  await page.fill('#publish-data', JSON.stringify({ orderId: 'not-an-order', customerId: 'c' }));
  await page.click('#publish-submit');
  await until('violations', async () => (await page.locator('#publish-errors li').count()) > 0);
  const errors = await page.locator('#publish-errors').innerText();
  expect(errors).toContain('data.orderId');
  expect(errors).toContain('data.lines');
  expect(await page.getAttribute('#publish-data', 'aria-invalid')).toBe('true');
  expect(await page.locator('#publish-result').innerText()).toContain('Not published');
  await shot('05-violations');
  expect((await fetchStatus(router.eventBridge.endpoint)).consumers.inventory.received).toBe(received);
});

test('a parked poison event shows in the DLQ browser with its reason and is redriven after confirmation', async () => {
  const dlqUrl = inventoryDlqUrl();
  const eventId = ulid();
  const orderId = `ord_POISON${eventId.slice(-6)}`;
  const event = {
    version: '0', id: ulid(), 'detail-type': 'OrderPlaced', source: 'orders-service', account: '000000000000', time: new Date().toISOString(), region: 'us-east-1', resources: [],
    detail: {
      metadata: { eventId, eventType: 'order.placed', eventVersion: '1', occurredAt: new Date().toISOString(), producer: 'orders-service' },
      data: { orderId, customerId: 'cus_1', lines: [{ sku: 'sku-1', quantity: 1, unitPriceCents: 100 }], totalCents: 100, currency: 'EUR' },
    },
  };
  const processedBefore = await number('inventory', 'processed');
  // Contract 6: what the consumer attaches when it parks a message itself.
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: dlqUrl,
      MessageBody: JSON.stringify(event),
      MessageGroupId: orderId,
      MessageDeduplicationId: eventId,
      MessageAttributes: {
        ErrorType: { DataType: 'String', StringValue: 'PermanentError' },
        ErrorMessage: { DataType: 'String', StringValue: 'stock service refused <img src=x onerror="window.__xss=3"> the order' },
        ParkedAt: { DataType: 'String', StringValue: new Date().toISOString() },
        ParkedBy: { DataType: 'String', StringValue: 'consumer' },
        EventId: { DataType: 'String', StringValue: eventId },
      },
    }),
  );
  await until('the DLQ count in the table', async () => (await number('inventory', 'dlq')) === 1);
  await until('the parked verdict', async () => (await cell('inventory', 'verdict').innerText()) === 'parked');
  await page.click(`#consumers-table tr[data-consumer="inventory"] td[data-field="dlq"] button`);
  await page.waitForSelector(`#dlq-table tr[data-message-id]`);
  const row = page.locator('#dlq-table tbody tr').first();
  expect(await row.locator('td.reason').innerText()).toBe('PermanentError: stock service refused <img src=x onerror="window.__xss=3"> the order');
  expect(await row.innerText()).toContain(eventId);
  await row.locator('input[type=checkbox]').check();
  await shot('06-dlq-parked');

  // Cancel first: nothing moves.
  await page.click('#dlq-redrive');
  await page.waitForSelector('#redrive-dialog[open]');
  await shot('07-redrive-confirm');
  await page.click('#redrive-cancel');
  await until('the cancel message', async () => (await page.locator('#dlq-status').innerText()) === 'Redrive cancelled.');
  expect(await page.locator('#dlq-table tbody tr').count()).toBe(1);

  await page.click('#dlq-redrive');
  await page.click('#redrive-confirm');
  await until('the redrive result', async () => (await page.locator('#dlq-status').innerText()).startsWith('Redrove 1 message'));
  expect(await page.locator('#dlq-table tbody tr').count()).toBe(0);
  await until('inventory to process the redriven event', async () => (await number('inventory', 'processed')) === processedBefore + 1 && (await number('inventory', 'dlq')) === 0);
  await shot('08-redriven');
});

test('an event the consumer parks itself shows as parked in the search and in the DLQ browser with its reason, and parks again when redriven unchanged', async () => {
  // Schema-invalid data (no lines) that skips the form's validator, as a careless producer would send it: inventory's
  // consumer validator rejects it, a permanent failure the consumer parks at once with contract 6 attributes.
  const eventId = ulid();
  const orderId = `ord_REJECT${eventId.slice(-6)}`;
  const client = new EventBridgeClient({ endpoint: router.eventBridge.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const put = await client.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: 'event-router',
          Source: 'orders-service',
          DetailType: 'OrderPlaced',
          Detail: JSON.stringify({
            metadata: { eventId, eventType: 'order.placed', eventVersion: '1', occurredAt: new Date().toISOString(), producer: 'orders-service' },
            data: { orderId, customerId: 'cus_1', currency: 'EUR' },
          }),
        },
      ],
    }),
  );
  client.destroy();
  expect(put.FailedEntryCount).toBe(0);
  await until('the search to show inventory parked it', async () => {
    await page.fill('#search-query', eventId);
    await page.click('#search-form button[type=submit]');
    await until('the search to answer', async () => !(await page.locator('#search-status').innerText()).startsWith('Searching'));
    return (await page.locator('.trace tr[data-consumer="inventory"] [data-outcome]').allInnerTexts()).join() === 'parked';
  });
  const note = await page.locator('.trace tr[data-consumer="inventory"] td').last().innerText();
  expect(note).toMatch(/consumer DLQ: EventRejectedByValidatorError: .*lines/);
  await shot('09-consumer-parked-trace');

  await page.selectOption('#dlq-consumer', 'inventory');
  await page.click('#dlq-form button[type=submit]');
  const row = page.locator('#dlq-table tbody tr', { hasText: eventId });
  await row.waitFor();
  expect(await row.locator('td.reason').innerText()).toMatch(/^EventRejectedByValidatorError: /);
  expect(await row.innerText()).toContain('by consumer');
  const firstMessageId = await row.getAttribute('data-message-id');
  await row.locator('input[type=checkbox]').check();
  await page.click('#dlq-redrive');
  await page.click('#redrive-confirm');
  await until('the redrive result', async () => (await page.locator('#dlq-status').innerText()).startsWith('Redrove 1 message'));
  // Redriven unchanged, it is rejected again: parked anew (a new DLQ message), never lost and never applied.
  await until('the event to be parked again', async () => {
    await page.click('#dlq-form button[type=submit]');
    await until('the DLQ browser to answer', async () => !(await page.locator('#dlq-status').innerText()).startsWith('Reading'));
    const id = await page.locator('#dlq-table tbody tr', { hasText: eventId }).getAttribute('data-message-id', { timeout: 1000 }).catch(() => null);
    return id !== null && id !== firstMessageId;
  });
  await shot('10-parked-again');
});

test('markup in event fields is shown as text: no element is created and no script runs', async () => {
  const markup = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  const imagesBefore = await page.locator('img').count();
  const scriptsBefore = await page.locator('script').count();
  const eventId = await publishThroughForm((example) => ({ ...example, customerId: markup, lines: [{ sku: `<b>${markup}</b>`, quantity: 1, unitPriceCents: 1 }] }));
  await searchUntilOutcomes(eventId, 'applied', CONSUMERS);
  const detail = await page.locator('.trace').first().locator('pre.json').textContent();
  expect(detail).toContain(JSON.stringify(markup).slice(1, -1));
  await page.locator('.trace').first().locator('summary').click();
  await shot('11-markup-as-text');
  expect(await page.locator('img').count()).toBe(imagesBefore);
  expect(await page.locator('script').count()).toBe(scriptsBefore);
  expect(await page.locator('b').count()).toBe(0);
  expect(await page.evaluate('window.__xss')).toBeUndefined();
});

test('the page works in a narrow window, in dark mode, without a script error', async () => {
  await page.setViewportSize({ width: 400, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300);
  // Whatever sticks out past the window (outside a sideways-scrolling region) is named in the failure.
  const overflowing = await page.evaluate<string[]>(
    "[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 401 && !e.parentElement.closest('.scroll')).map((e) => e.tagName + '.' + e.className)",
  );
  expect(overflowing).toEqual([]);
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(400);
  const background = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
  expect(background).toBe('rgb(13, 17, 23)');
  await shot('12-narrow-dark');
  expect(pageErrors).toEqual([]);
});

test('the keyboard reaches the skip link first, then the sections, and every control is labelled', async () => {
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  const focused = async () => page.evaluate<string>('document.activeElement.textContent.trim()');
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('Skip to content');
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('Topology');
  const unlabelled = await page.evaluate<string[]>(
    "[...document.querySelectorAll('input, select, textarea')].filter((e) => e.labels.length === 0 && !e.getAttribute('aria-label')).map((e) => e.id)",
  );
  expect(unlabelled).toEqual([]);
  expect(await page.locator('[onclick], div[role=button], span[role=button]').count()).toBe(0);
});

function inventoryDlqUrl(): string {
  const consumerQueue = router.web.topology.nodes
    .filter((n) => n.consumer === 'inventory' && n.kind === 'queue')
    .sort((a, b) => b.rank - a.rank)[0];
  const queue = router.runtime.queue(consumerQueue.ref);
  return router.runtime.queue(queue.deadLetterArn!).url;
}

test('bad input to the JSON API answers 400 or 404 with what to fix, and the AWS API and /status still answer on the port', async () => {
  const base = router.eventBridge.endpoint;
  const call = async (path: string, body?: string) => {
    const response = await fetch(`${base}${path}`, body === undefined ? {} : { method: 'POST', body });
    return { status: response.status, message: ((await response.json()) as { message?: string }).message ?? '' };
  };
  expect(await call('/api/publish', '{not json')).toEqual({ status: 400, message: expect.stringContaining('not JSON') });
  expect(await call('/api/publish', JSON.stringify({ detailType: 'NoSuchType', version: '1', data: {} }))).toEqual({
    status: 400,
    message: expect.stringContaining('pick one of OrderPaid, OrderPlaced, OrderShipped'),
  });
  expect(await call('/api/publish', JSON.stringify({ detailType: 'OrderPlaced', version: '9', data: {} }))).toEqual({ status: 400, message: expect.stringContaining('registered: 1, 1.1') });
  expect(await call('/api/trace?q=')).toEqual({ status: 400, message: expect.stringContaining('q is empty') });
  expect(await call('/api/dlq/nobody')).toEqual({ status: 404, message: expect.stringContaining('Known consumers: analytics, inventory, notifications') });
  expect(await call('/api/dlq/inventory/redrive', JSON.stringify({ ids: [] }))).toEqual({ status: 400, message: expect.stringContaining('non-empty array') });
  expect(await call('/api/dlq/inventory/redrive', JSON.stringify({ queue: 'sideways', ids: ['x'] }))).toEqual({ status: 400, message: expect.stringContaining('consumer, buffer, target') });
  // Files outside local/web/public are never served.
  expect((await fetch(`${base}/%2e%2e/web-view.ts`)).status).not.toBe(200);
  expect((await fetch(`${base}/status`)).status).toBe(200);
  const api = await fetch(base, { method: 'POST', headers: { 'x-amz-target': 'AWSEvents.ListEventBuses', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
  expect(((await api.json()) as { EventBuses: { Name: string }[] }).EventBuses.map((b) => b.Name)).toContain('event-router');
});
