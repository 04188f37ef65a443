/**
 * The reliability suite at test size: about 1,000 events over about 200 entities, through the outbox
 * of the orders service and through `publish()`, with every fault kind switched on at once (fixed seed),
 * producer duplicates and poison events. The probe consumer records every effect it applies; the
 * verdict compares those records with what was published (test/e2e/reliability/verify.ts).
 * `npm run bench:faults` runs the same suite at 10,000 events.
 */
import { ulid } from 'ulid';
import type { LocalRouter } from '../../local/router/index';
import { allFaults, startReliabilityRouter } from './reliability/reliability-app';
import { runReliabilitySuite, type SuiteReport } from './reliability/run-suite';

let router: LocalRouter;
let report: SuiteReport;

beforeAll(async () => {
  router = await startReliabilityRouter(allFaults(11));
  report = await runReliabilitySuite(router, {
    size: { orders: 100, directEntities: 100, stepsPerEntity: 7, poison: 10, producerDuplicateShare: 0.1 },
    runId: ulid().toLowerCase().slice(-6),
    publishTimeoutMs: 180_000,
    quiesceTimeoutMs: 360_000,
  });
  // The figures, for whoever reads the test log.
  console.log(JSON.stringify({ ...report, examples: report.examples.slice(0, 5) }));
}, 720_000);

afterAll(async () => {
  await router?.stop();
});

test('every fault kind was injected during the run', () => {
  expect(Object.keys(report.faults).sort()).toEqual(
    ['crash', 'duplicate', 'dynamodb-outage', 'dynamodb-throttle', 'put-events-fail', 'put-events-outage', 'reorder', 'throttle'],
  );
  for (const [kind, count] of Object.entries(report.faults)) expect({ kind, injected: count > 0 }).toEqual({ kind, injected: true });
});

test('the probe finished: nothing was still on its way when the verdict was taken', () => {
  expect(report.quiescent).toBe(true);
});

test('no published event is lost', () => {
  // The examples name the lost events, should there be any.
  expect({ lost: report.lost, examples: report.examples.filter((e) => e.startsWith('lost')) }).toEqual({ lost: 0, examples: [] });
});

test('no transactional effect is applied twice, and nothing unpublished or poison is applied', () => {
  expect(report.duplicateEffects).toBe(0);
  expect(report.unexpectedEffects).toBe(0);
});

test("every entity's effects are applied in sequence order", () => {
  expect(report.orderViolations).toBe(0);
});

test('every poison event is parked in the DLQ with its reason, and nothing else is parked', () => {
  expect(report.poisonParkedWithReason).toBe(report.poison);
  expect(report.parkedWithoutReason).toBe(0);
  expect(report.parkedUnexpected).toBe(0);
});

test('direct-mode repeats stay within the documented bound: at most one per message per failure', () => {
  expect(report.directRepeatedEffects).toBeLessThanOrEqual(report.directRepeatBound);
});
