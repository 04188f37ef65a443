/**
 * One run of the reliability suite: publish the workload under faults, wait (bounded) until the probe
 * has nothing left to do, then judge. Shared by the jest e2e test and `npm run bench:faults`.
 */
import type { LocalRouter } from '../../../local/router/index';
import type { FaultCounts } from '../../../local/faults';
import { RELIABILITY_PROBE } from './reliability-app';
import { judge, readParked, readProbeRecords, type Verdict } from './verify';
import { runWorkload, type Published, type WorkloadSize } from './workload';

/** The suite's report: the verdict plus the run's figures. */
export interface SuiteReport extends Verdict {
  readonly faults: FaultCounts;
  /**
   * Direct-effect repeats docs/runtime.md allows: at most one per failure between a message's effect and
   * its cursor write. A failed (not parked) message is one such failure; a crashed or timed-out invocation
   * is one for every message it had between effect and commit, at most its batch (10, the FIFO maximum),
   * since the consumer runs several message groups in parallel.
   */
  readonly directRepeatBound: number;
  /** The probe's crashed, failed or timed-out invocations (each loses its metrics line). */
  readonly probeFailedInvocations: number;
  /** The probe's messages reported failed and retried (EventsFailed minus EventsParked). */
  readonly probeFailedMessages: number;
  readonly producerDuplicates: number;
  readonly producerRetries: number;
  /**
   * False when the wait for quiescence hit its timeout: `lost` then counts what was not applied yet, and
   * `inProbeQueues` says how much of it was still queued for the probe.
   */
  readonly quiescent: boolean;
  /** Messages in the probe's buffer and consumer queues when the verdict was taken. */
  readonly inProbeQueues: number;
  readonly publishSeconds: number;
  readonly seconds: number;
}

export interface SuiteOptions {
  readonly size: WorkloadSize;
  /** Unique per run: entity ids are derived from it. */
  readonly runId: string;
  /** Longest wait for publishing, ms. */
  readonly publishTimeoutMs: number;
  /** Longest wait, after publishing, for the probe to finish, ms. */
  readonly quiesceTimeoutMs: number;
  readonly log?: (line: string) => void;
}

/** Most messages an SQS FIFO event source hands one invocation. */
const FIFO_MAX_BATCH = 10;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Queues of the probe whose emptiness means nothing is on its way: the buffer queue and the consumer queue. */
function probeQueues(router: LocalRouter): string[] {
  const probe = router.runtime.func(RELIABILITY_PROBE);
  const stack = `${probe.stackName}/`;
  return router.runtime.eventSources.filter((s) => s.kind === 'sqs' && s.mapping.startsWith(stack)).map((s) => s.sourceArn);
}

async function waitForQuiescence(router: LocalRouter, published: Published, timeoutMs: number, log: (line: string) => void): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const queues = probeQueues(router);
  const dlq = router.runtime.func(RELIABILITY_PROBE).fn.definition.environment.DEAD_LETTER_QUEUE_URL!;
  let lastLog = 0;
  while (Date.now() < deadline) {
    const { applied } = await readProbeRecords(router);
    const seen = new Set<string>();
    for (const list of applied.values()) for (const effect of list) seen.add(effect.eventId);
    const missing = published.expected.filter((e) => !seen.has(e.eventId)).length;
    const inQueues = queues.reduce((sum, q) => sum + router.runtime.queueStats(q).messages, 0);
    const parked = router.runtime.queueStats(dlq).messages;
    if (missing === 0 && inQueues === 0 && parked >= published.poison.length) return true;
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`waiting: ${missing} events not applied yet, ${inQueues} messages in the probe's queues, ${parked}/${published.poison.length} parked`);
    }
    await sleep(1000);
  }
  return false;
}

/** Runs the suite on a started router (see startReliabilityRouter) and reports. */
export async function runReliabilitySuite(router: LocalRouter, options: SuiteOptions): Promise<SuiteReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const published = await runWorkload(router, options.size, options.runId, options.publishTimeoutMs);
  log(`published ${published.expected.length + published.poison.length} events (+${published.producerDuplicates} producer duplicates, ${published.producerRetries} entries sent again) in ${published.publishSeconds.toFixed(1)} s`);
  const quiescent = await waitForQuiescence(router, published, options.quiesceTimeoutMs, log);
  // Late redeliveries (duplicate deliveries, batches a crash abandoned) would show up as extra effects: give them a moment.
  await sleep(2000);
  const verdict = judge(published, await readProbeRecords(router), await readParked(router));
  const probe = router.runtime.func(RELIABILITY_PROBE);
  const stats = router.runtime.stats().functions[probe.name];
  const consumer = probe.consumerName ?? RELIABILITY_PROBE;
  // Parked messages count as failed too, but a parked poison event never ran the direct effect.
  const failedMessages = router.runtime.metrics.metric(consumer, 'EventsFailed') - router.runtime.metrics.metric(consumer, 'EventsParked');
  return {
    ...verdict,
    faults: router.runtime.faults?.counts() ?? {},
    directRepeatBound: FIFO_MAX_BATCH * ((stats?.errors ?? 0) + (stats?.timeouts ?? 0)) + failedMessages,
    probeFailedInvocations: (stats?.errors ?? 0) + (stats?.timeouts ?? 0),
    probeFailedMessages: failedMessages,
    producerDuplicates: published.producerDuplicates,
    producerRetries: published.producerRetries,
    quiescent,
    inProbeQueues: probeQueues(router).reduce((sum, q) => sum + router.runtime.queueStats(q).messages, 0),
    publishSeconds: Math.round(published.publishSeconds * 10) / 10,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}
