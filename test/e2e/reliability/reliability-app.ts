/**
 * The app the reliability suite runs: the real router stack of the example app (bus, rules, the orders
 * service with its outbox, stream publisher and sweeper) with the reliability probe as its only
 * consumer, on the local runtime with faults switched on. The example consumers are left out: the
 * verdict reads only the probe, and on a 2-core machine their share of the work (three more
 * consumers of every order event) would triple the run. Their ordering is checked under faults by
 * ordering-under-faults.test.ts. Shared by test/e2e/reliability.test.ts and bench/faults.bench.ts.
 */
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { Duration } from 'aws-cdk-lib';
import { buildApp } from '../../../bin/build-app';
import { startLocalRouter, synthesize, type LocalRouter } from '../../../local/router/index';
import { OrderingKey } from '../../../lib/ordering-key';
import type { ConsumerDefinition } from '../../../lib/consumer-definition';
import type { FaultSpec } from '../../../local/faults';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** Name of the probe consumer, and the source of the events published directly with `publish()`. */
export const RELIABILITY_PROBE = 'reliability-probe';
export const DIRECT_SOURCE = 'reliability.direct';
export const DIRECT_DETAIL_TYPE = 'ProbeStep';

/**
 * The probe: the orders service's events and the direct events, one FIFO group per `data.orderId`,
 * its own state table. A 3 s function timeout keeps the visibility timeout (6 x) short, so a batch a
 * crash abandoned is retried within 18 s.
 */
export const reliabilityProbe: ConsumerDefinition = {
  name: RELIABILITY_PROBE,
  entry: join(ROOT, 'test', 'e2e', 'fixtures', 'reliability-probe', 'index.ts'),
  eventPattern: { source: ['orders-service', DIRECT_SOURCE] },
  orderingKey: OrderingKey.jsonPath('$.detail.data.orderId'),
  stateTable: true,
  functionTimeout: Duration.seconds(3),
};

/** Every fault kind at once, as the suite runs it (`seed` varies per run size). */
export function allFaults(seed: number): FaultSpec {
  return {
    seed,
    reorder: 0.2,
    reorderDelayMs: 1000,
    duplicate: 0.1,
    throttle: 0.05,
    putEventsFail: 0.05,
    putEventsOutage: 2,
    putEventsOutageAfter: 20,
    crash: 0.01,
    dynamodbThrottle: 0.02,
    dynamodbOutage: 1,
    dynamodbOutageAfter: 300,
  };
}

/** Synthesizes the app plus the probe (cached while no source changes) and starts it with `faults`. */
export async function startReliabilityRouter(faults: FaultSpec | undefined, functionConcurrency?: number): Promise<LocalRouter> {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const { outdir } = await synthesize({
    outdir: join(ROOT, 'node_modules', '.cache', 'event-router', 'reliability-cdk.out'),
    inProcess: {
      key: `router + ${RELIABILITY_PROBE} consumer only`,
      extraInputs: ['test/e2e/fixtures', 'test/e2e/reliability/reliability-app.ts'],
      synth: (dir) => buildApp({ outdir: dir, consumers: [reliabilityProbe], context: cdkJson.context, nag: false }).synth(),
    },
  });
  const router = await startLocalRouter({ cdkOut: outdir, faults, functionConcurrency, eventBridgeOptions: { backoffScale: 0.01 } });
  // Load the probe's workers before the run: a cold import inside a 3 s budget would distort failure counts.
  const probe = router.runtime.func(RELIABILITY_PROBE);
  await Promise.all(Array.from({ length: 3 }, () => probe.fn.invoke({ Records: [] }).catch(() => undefined)));
  return router;
}
