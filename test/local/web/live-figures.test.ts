import type { ConsumerStatus } from '../../../ops';
import type { StatusReport } from '../../../local/status';
import { LiveFigures, RouteCounters, type Topology } from '../../../local/web';

const topology: Topology = { nodes: [], edges: [], consumers: ['billing'] };
const queue = (name: string, oldestAgeSeconds: number, retentionSeconds: number) => ({
  name,
  visible: 1,
  inFlight: 0,
  oldestAgeSeconds,
  retentionSeconds,
  secondsLeft: retentionSeconds - oldestAgeSeconds,
});
const status: ConsumerStatus = {
  consumer: 'billing',
  verdict: 'parked',
  reasons: ['2 message(s) in dead-letter queues: event-router dlq peek billing'],
  // The buffer queue's oldest message has used more of its retention (60 of 100 s) than the consumer queue's (600 of 86,400 s).
  queue: queue('q.fifo', 600, 86_400),
  bufferQueue: queue('buffer.fifo', 60, 100),
  dlqs: {},
  dlqDepth: 2,
  held: 3,
  gaps: 1,
  quarantined: 0,
  processed: 10,
  failed: 4,
  duplicates: 1,
  parked: 2,
  eventsHeld: 5,
  gapsTimedOut: 0,
};
const report: StatusReport = {
  consumers: { billing: { received: 12, processed: 9, duplicates: 1, failed: 1, dlq: 2, oldestAgeSeconds: 600, dropped: 7 } },
};

const figures = new LiveFigures(topology, {
  runtime: { stats: () => ({ functions: {}, eventSources: {}, queues: {} }) },
  status: async () => report,
  consumerStatus: async () => [status],
  counters: new RouteCounters(),
});

test("a consumer's row is event-router status's figures and verdict, with received and dropped from GET /status", async () => {
  const row = (await figures.sample()).consumers.billing;
  expect(row).toMatchObject({ processed: 10, duplicates: 1, failed: 4, parked: 2, held: 3, dlq: 2, verdict: 'parked', received: 12, dropped: 7 });
  expect(row.reasons).toEqual(status.reasons);
});

test('the age shown is of the queue whose oldest message is nearest its retention, with the time left', async () => {
  const row = (await figures.sample()).consumers.billing;
  expect([row.oldestAgeSeconds, row.retentionSeconds, row.secondsLeft]).toEqual([60, 100, 40]);
});
