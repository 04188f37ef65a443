/**
 * The web view under load: how soon the page renders, and whether it stays responsive while the
 * local runtime processes 10,000 events. Measured in the browser (the system's headless Chromium):
 * first render and first live figures (performance marks of local/web/public/js/app.js), then,
 * while the events flow, frame intervals (requestAnimationFrame), event-loop lag (a 50 ms timer's
 * drift), long tasks, the cost of each live update, and the round trip of an event search.
 *
 * `npm run bench:web [-- --events 10000 --max-seconds 900]`; the last line is one JSON object.
 */
import { parseArgs } from 'node:util';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ulid } from 'ulid';
import { launchBrowser, startWebRouter } from '../test/local/web/support';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    inflight: { type: 'string', default: '4' },
    'max-seconds': { type: 'string', default: '900' },
  },
});
const total = Number(values.events);
const inflight = Number(values.inflight);
const maxSeconds = Number(values['max-seconds']);

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const round = (n: number) => Math.round(n * 10) / 10;
const summary = (values: number[]) => ({ p50: round(percentile(values, 50)), p99: round(percentile(values, 99)), max: round(Math.max(0, ...values)), n: values.length });

const router = await startWebRouter();
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  const loads: { render: number; live: number }[] = [];
  for (let i = 0; i < 3; i += 1) {
    if (i === 0) await page.goto(router.web.url);
    else await page.reload();
    await page.waitForSelector('body[data-live=true]');
    loads.push(
      await page.evaluate<{ render: number; live: number }>(
        "({ render: performance.getEntriesByName('event-router:first-render')[0].startTime, live: performance.getEntriesByName('event-router:first-live')[0].startTime })",
      ),
    );
  }
  console.log(`first render ${loads.map((l) => Math.round(l.render)).join(' / ')} ms, first live figures ${loads.map((l) => Math.round(l.live)).join(' / ')} ms (cold / warm / warm)`);

  // Probes inside the page: frame intervals, a 50 ms timer's lateness, long tasks.
  await page.evaluate(`(() => {
    const probe = (window.__probe = { frames: [], lags: [], longTasks: [], stop: false });
    let last = performance.now();
    const frame = (t) => { probe.frames.push(t - last); last = t; if (!probe.stop) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    let due = performance.now() + 50;
    const tick = () => { const now = performance.now(); probe.lags.push(Math.max(0, now - due)); due = now + 50; if (!probe.stop) setTimeout(tick, 50); };
    setTimeout(tick, 50);
    new PerformanceObserver((list) => { for (const e of list.getEntries()) probe.longTasks.push(e.duration); }).observe({ type: 'longtask' });
    performance.clearMeasures('event-router:update');
  })()`);

  const client = new EventBridgeClient({ endpoint: router.eventBridge.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const bus = router.eventBridge.busNames.find((name) => name !== 'default')!;
  const baseline = await router.eventBridge.status();
  const entry = (n: number): PutEventsRequestEntry => ({
    EventBusName: bus,
    Source: 'orders-service',
    DetailType: 'OrderPlaced',
    Detail: JSON.stringify({
      metadata: { eventId: ulid(), eventType: 'order.placed', eventVersion: '1', occurredAt: new Date().toISOString(), producer: 'bench', correlationId: `bench-${Math.floor(n / 100)}` },
      data: { orderId: `ord_bench${n}`, customerId: 'cus_1', lines: [{ sku: 'sku-1', quantity: 1, unitPriceCents: 100 }], totalCents: 100, currency: 'EUR' },
    }),
  });
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inflight }, async () => {
      while (next < total) {
        const from = next;
        next = Math.min(total, next + 10);
        const out = await client.send(new PutEventsCommand({ Entries: Array.from({ length: next - from }, (_, i) => entry(from + i)) }));
        if ((out.FailedEntryCount ?? 0) > 0) throw new Error(`PutEvents failed: ${JSON.stringify(out.Entries)}`);
      }
    }),
  );
  const publishSeconds = (Date.now() - started) / 1000;
  console.log(`published ${total} events in ${publishSeconds.toFixed(1)} s`);

  // A user searching while the events flow: the round trip from the click to the rendered trace.
  const searches: number[] = [];
  const processedOf = async () => {
    const report = await router.eventBridge.status();
    return Math.min(...Object.entries(report.consumers).map(([name, f]) => f.processed - baseline.consumers[name].processed));
  };
  let processed = 0;
  while ((processed = await processedOf()) < total && Date.now() - started < maxSeconds * 1000) {
    const t0 = Date.now();
    const orderId = `ord_bench${Math.floor(Math.random() * total)}`;
    await page.fill('#search-query', orderId);
    await page.click('#search-form button[type=submit]');
    await page.locator('.trace', { hasText: orderId }).first().waitFor();
    searches.push(Date.now() - t0);
    console.log(`${Math.round((Date.now() - started) / 1000)} s: ${processed} of ${total} processed by every consumer`);
    await new Promise((done) => setTimeout(done, 5000));
  }
  const flowSeconds = (Date.now() - started) / 1000;
  const probe = await page.evaluate<{ frames: number[]; lags: number[]; longTasks: number[]; updates: number[] }>(
    "(() => { window.__probe.stop = true; return { ...window.__probe, updates: performance.getEntriesByName('event-router:update').map((e) => e.duration) }; })()",
  );
  client.destroy();
  const result = {
    bench: 'web',
    events: total,
    processedByEveryConsumer: processed,
    drained: processed >= total,
    publishSeconds: round(publishSeconds),
    flowSeconds: round(flowSeconds),
    firstRenderMs: { cold: round(loads[0].render), warm: round(Math.min(loads[1].render, loads[2].render)) },
    firstLiveMs: { cold: round(loads[0].live), warm: round(Math.min(loads[1].live, loads[2].live)) },
    frameMs: summary(probe.frames),
    eventLoopLagMs: summary(probe.lags),
    longTasks: { count: probe.longTasks.length, totalMs: round(probe.longTasks.reduce((a, b) => a + b, 0)), maxMs: round(Math.max(0, ...probe.longTasks)) },
    liveUpdateMs: summary(probe.updates),
    searchRoundTripMs: summary(searches),
  };
  console.log(
    `frames p50 ${result.frameMs.p50} ms p99 ${result.frameMs.p99} ms; event-loop lag p99 ${result.eventLoopLagMs.p99} ms max ${result.eventLoopLagMs.max} ms; ` +
      `${result.longTasks.count} long tasks; live update p99 ${result.liveUpdateMs.p99} ms; search p50 ${result.searchRoundTripMs.p50} ms`,
  );
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  await router.stop();
}
