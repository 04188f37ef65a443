/**
 * Pattern matching throughput: events/s against 1, 30 and 300 rules (300 is EventBridge's default
 * rules-per-bus quota), for the indexed RuleSet and for its naive peer (every rule compiled once,
 * then tried in turn), in the same run on the same events. Both flatten each event once.
 * Last line: one JSON object with the figures.
 */
import { performance } from 'node:perf_hooks';
import { compilePattern, RuleSet, toFlatEvent, type FlatEvent } from '../local/eventbridge/index';

const RULE_COUNTS = [1, 30, 300] as const;
const EVENT_COUNT = 2000;
const ROUNDS = 5;
const ROUND_MS = 250;

/** Deterministic pseudo-random numbers, so every run measures the same workload. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SOURCES = Array.from({ length: 40 }, (_, i) => `service-${i}`);
const DETAIL_TYPES = Array.from({ length: 25 }, (_, i) => `Thing${i}Happened`);

/** Rules shaped like real routing: mostly source + detail-type, some content filters, a few with no exact field. */
function makeRules(count: number, random: () => number): { name: string; pattern: unknown }[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const kind = random();
    let pattern: unknown;
    if (kind < 0.5) {
      pattern = { source: [pick(SOURCES)], 'detail-type': [pick(DETAIL_TYPES), pick(DETAIL_TYPES)] };
    } else if (kind < 0.75) {
      pattern = {
        source: [pick(SOURCES)],
        detail: { data: { totalCents: [{ numeric: ['>', Math.floor(random() * 10000)] }] }, metadata: { eventVersion: ['1'] } },
      };
    } else if (kind < 0.9) {
      pattern = { $or: [{ source: [pick(SOURCES)] }, { 'detail-type': [pick(DETAIL_TYPES)], detail: { data: { region: [{ prefix: 'eu-' }] } } }] };
    } else if (kind < 0.97) {
      pattern = { 'detail-type': [{ 'equals-ignore-case': pick(DETAIL_TYPES) }], detail: { data: { items: { sku: [{ exists: true }] } } } };
    } else {
      pattern = { source: [{ prefix: pick(SOURCES).slice(0, 9) }], detail: { data: { totalCents: [{ numeric: ['>=', 9000] }] } } };
    }
    return { name: `rule-${i}`, pattern };
  });
}

function makeEvents(random: () => number): FlatEvent[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: EVENT_COUNT }, (_, i) =>
    toFlatEvent({
      version: '0',
      id: `e-${i}`,
      source: pick(SOURCES),
      'detail-type': pick(DETAIL_TYPES),
      account: '111111111111',
      time: '2026-11-23T10:30:42Z',
      region: 'eu-west-1',
      resources: [],
      detail: {
        metadata: { eventId: `01J${i}`, eventType: 'thing.happened', eventVersion: '1', occurredAt: '2026-11-23T10:30:42.123Z', producer: 'bench' },
        data: {
          orderId: `ord_${i}`,
          totalCents: Math.floor(random() * 10000),
          region: pick(['eu-west-1', 'us-east-1']),
          items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }],
        },
      },
    }),
  );
}

/** Events per second of `matchOne` over the events, repeated for ROUND_MS. */
function round(events: readonly FlatEvent[], matchOne: (e: FlatEvent) => number): number {
  let done = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    for (const e of events) matchOne(e);
    done += events.length;
    elapsed = performance.now() - start;
  }
  return (done / elapsed) * 1000;
}

/**
 * Best of ROUNDS interleaved rounds for each contender: the machine is shared, so interleaving
 * gives both the same background load and the best round is the least disturbed one.
 */
function compare(
  events: readonly FlatEvent[],
  a: (e: FlatEvent) => number,
  b: (e: FlatEvent) => number,
): { a: { perSec: number; matches: number }; b: { perSec: number; matches: number } } {
  const count = (f: (e: FlatEvent) => number): number => events.reduce((n, e) => n + f(e), 0); // also warms up
  const result = { a: { perSec: 0, matches: count(a) }, b: { perSec: 0, matches: count(b) } };
  for (let r = 0; r < ROUNDS; r++) {
    result.a.perSec = Math.max(result.a.perSec, Math.round(round(events, a)));
    result.b.perSec = Math.max(result.b.perSec, Math.round(round(events, b)));
  }
  return result;
}

const summary: Record<
  string,
  { indexedEventsPerSec: number; naiveEventsPerSec: number; matchesPerEvent: number; rulesTriedPerEvent: number }
> = {};
const rows: string[] = [];
for (const count of RULE_COUNTS) {
  const random = rng(count);
  const rules = makeRules(count, random);
  const events = makeEvents(random);
  const set = new RuleSet(rules);
  const naive = rules.map((r) => compilePattern(r.pattern));
  const { a: indexed, b: tryAll } = compare(
    events,
    (e) => set.matchIndexesFlat(e).length,
    (e) => naive.reduce((n, p) => n + (p.matchesFlat(e) ? 1 : 0), 0),
  );
  const stats = { rulesTried: 0 };
  for (const e of events) set.matchIndexesFlat(e, stats);
  const triedPerEvent = Number((stats.rulesTried / events.length).toFixed(2));
  if (indexed.matches !== tryAll.matches) {
    throw new Error(`RuleSet found ${indexed.matches} matches but trying every rule found ${tryAll.matches} (${count} rules).`);
  }
  summary[`rules${count}`] = {
    indexedEventsPerSec: indexed.perSec,
    naiveEventsPerSec: tryAll.perSec,
    matchesPerEvent: Number((indexed.matches / events.length).toFixed(2)),
    rulesTriedPerEvent: triedPerEvent,
  };
  rows.push(
    `${String(count).padStart(5)}  ${String(indexed.perSec).padStart(16)}  ${String(tryAll.perSec).padStart(16)}  ${(indexed.perSec / tryAll.perSec).toFixed(1).padStart(7)}x  ${(indexed.matches / events.length).toFixed(2).padStart(13)}  ${triedPerEvent.toFixed(2).padStart(15)}`,
  );
}

const at300 = summary.rules300 as { indexedEventsPerSec: number; naiveEventsPerSec: number };
console.log(`Pattern matching, ${EVENT_COUNT} distinct events flattened once, best of ${ROUNDS} interleaved rounds (node ${process.version})`);
console.log('rules  RuleSet events/s  try-all events/s  speedup  matches/event  rules tried/event');
for (const row of rows) console.log(row);
console.log(JSON.stringify({ ...summary, speedupAt300: Number((at300.indexedEventsPerSec / at300.naiveEventsPerSec).toFixed(2)) }));
