/**
 * The reliability suite at full size: by default 10,000 events over 1,000+ entities, through the
 * orders service's outbox (orders placed, paid, shipped) and through `publish()`, with every fault
 * kind of the local runtime switched on at once, plus producer duplicates (same eventId published
 * again) and poison events (schema-invalid, handler-rejected). The verdict comes from the probe
 * consumer's own records and its DLQ (test/e2e/reliability/), not from the code under test.
 *
 * `npm run bench:faults [-- --orders 1500 --entities 500 --steps 11 --poison 40 --seed 42]`;
 * the last line is one JSON object. The run waits for quiescence at most `--quiesce-seconds`
 * (default 450, so a run stays under 10 minutes), then reports whatever it found (never hangs).
 */
import { parseArgs } from 'node:util';
import { ulid } from 'ulid';
import { allFaults, startReliabilityRouter } from '../test/e2e/reliability/reliability-app';
import { runReliabilitySuite } from '../test/e2e/reliability/run-suite';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '1500' },
    entities: { type: 'string', default: '500' },
    steps: { type: 'string', default: '11' },
    poison: { type: 'string', default: '40' },
    seed: { type: 'string', default: '42' },
    'quiesce-seconds': { type: 'string', default: '450' },
  },
});

const started = Date.now();
const seed = Number(values.seed);
const router = await startReliabilityRouter(allFaults(seed));
console.log(`local runtime with faults ready in ${(router.runtime.readyMs / 1000).toFixed(1)} s`);
// Ctrl-C (or a timeout's SIGTERM) still stops DynamoDB Local and frees every port.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void router.stop().finally(() => process.exit(130)));
let exitCode = 0;
try {
  const report = await runReliabilitySuite(router, {
    size: {
      orders: Number(values.orders),
      directEntities: Number(values.entities),
      stepsPerEntity: Number(values.steps),
      poison: Number(values.poison),
      producerDuplicateShare: 0.05,
    },
    runId: ulid().toLowerCase().slice(-6),
    publishTimeoutMs: 300_000,
    quiesceTimeoutMs: Number(values['quiesce-seconds']) * 1000,
    log: (line) => console.log(line),
  });
  for (const example of report.examples) console.log(`  ${example}`);
  const ok =
    report.quiescent && report.lost === 0 && report.duplicateEffects === 0 && report.orderViolations === 0 && report.unexpectedEffects === 0 &&
    report.parkedWithoutReason === 0 && report.parkedUnexpected === 0 && report.poisonParkedWithReason === report.poison &&
    report.directRepeatedEffects <= report.directRepeatBound;
  exitCode = ok ? 0 : 1;
  const { examples: _examples, ...figures } = report;
  console.log(JSON.stringify({ benchmark: 'faults', seed, ok, ...figures, totalSeconds: Math.round((Date.now() - started) / 100) / 10 }));
} finally {
  await router.stop();
}
process.exit(exitCode);
