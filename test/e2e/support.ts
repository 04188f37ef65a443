import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { Duration } from 'aws-cdk-lib';
import { buildApp } from '../../bin/build-app';
import { consumers } from '../../consumers/index';
import { startLocalRouter, synthesize, type LocalRouter } from '../../local/router/index';
import { OrderingKey } from '../../lib/ordering-key';
import type { ConsumerDefinition } from '../../lib/consumer-definition';
import type { StatusReport } from '../../local/status/status-tracker';
import type { FaultSpec } from '../../local/faults';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Where the e2e app is synthesized (kept between runs while no source changes). */
export const E2E_CDK_OUT = join(ROOT, 'node_modules', '.cache', 'event-router', 'e2e-cdk.out');

/** Name, source and detail-type of the test-only consumer that checks per-entity order. */
export const PROBE = 'ordering-probe';
export const PROBE_SOURCE = 'e2e.ordering-probe';
export const PROBE_DETAIL_TYPE = 'ProbeStep';

/**
 * The ordering probe: one FIFO group per `entityId`, its own state table, a 2 s function timeout
 * (a failed message is visible again after 6 x 2 = 12 s, which keeps the failure tests short) and
 * 2 failed attempts before the consumer parks a message in its DLQ.
 */
export const probeConsumer: ConsumerDefinition = {
  name: PROBE,
  entry: join(ROOT, 'test', 'e2e', 'fixtures', 'ordering-probe', 'index.ts'),
  eventPattern: { source: [PROBE_SOURCE], detailType: [PROBE_DETAIL_TYPE] },
  orderingKey: OrderingKey.jsonPath('$.detail.data.entityId'),
  stateTable: true,
  functionTimeout: Duration.seconds(2),
  maxReceiveCount: 2,
  // The consumer parks a message itself after 2 failed attempts of its own handler.
  maxAttempts: 2,
};

/**
 * Synthesizes the real app plus the probe consumer (cached in node_modules/.cache while no source
 * changes: bundling takes tens of seconds) and stands it up on the local runtime, with `faults` when
 * given (as `npm start -- --faults` would).
 */
export async function startE2eRouter(options: { readonly faults?: FaultSpec } = {}): Promise<LocalRouter> {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const { outdir } = await synthesize({
    outdir: E2E_CDK_OUT,
    inProcess: {
      key: `app + ${PROBE} consumer`,
      extraInputs: ['test/e2e/fixtures', 'test/e2e/support.ts'],
      // cdk.json's context, as the CDK CLI passes it; cdk-nag is left out because it only reports.
      synth: (dir) => buildApp({ outdir: dir, consumers: [...consumers, probeConsumer], context: cdkJson.context, nag: false }).synth(),
    },
  });
  const router = await startLocalRouter({ cdkOut: outdir, faults: options.faults, eventBridgeOptions: { backoffScale: 0.01 } });
  // Load each probe worker's bundle before the tests: a cold import inside the first invocation counts
  // against the short timeout, and a timed-out message would distort the failure counts the tests check.
  const probe = router.runtime.func(PROBE);
  await Promise.all(Array.from({ length: 3 }, () => probe.fn.invoke({ Records: [] }).catch(() => undefined)));
  return router;
}

/** Polls `check` until it returns a value other than undefined/false, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** GET /status on the EventBridge endpoint. */
export async function fetchStatus(endpoint: string): Promise<StatusReport> {
  const response = await fetch(`${endpoint}/status`);
  if (!response.ok) throw new Error(`GET /status answered ${response.status}`);
  return (await response.json()) as StatusReport;
}
