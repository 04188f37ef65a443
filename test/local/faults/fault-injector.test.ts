import { FaultInjector } from '../../../local/faults';

const N = 10_000;

/** How many of N decisions hit. */
function hits(faults: FaultInjector, kind: Parameters<FaultInjector['hit']>[0]): number {
  let count = 0;
  for (let i = 0; i < N; i += 1) if (faults.hit(kind)) count += 1;
  return count;
}

describe('FaultInjector', () => {
  test.each(['reorder', 'duplicate', 'throttle', 'put-events-fail', 'dynamodb-throttle'] as const)(
    '%s hits at the configured rate and counts every hit',
    (kind) => {
      const key = { reorder: 'reorder', duplicate: 'duplicate', throttle: 'throttle', 'put-events-fail': 'putEventsFail', 'dynamodb-throttle': 'dynamodbThrottle' }[kind];
      const faults = new FaultInjector({ seed: 7, [key]: 0.2 });
      const count = hits(faults, kind);
      // Binomial(10000, 0.2): sd 40, so 0.2 +- 0.02 is 5 sd.
      expect(count / N).toBeGreaterThan(0.18);
      expect(count / N).toBeLessThan(0.22);
      expect(faults.counts()).toEqual({ [kind]: count });
    },
  );

  test('the same seed makes the same decisions; another seed makes others', () => {
    const sequence = (seed: number) => {
      const faults = new FaultInjector({ seed, reorder: 0.5 });
      return Array.from({ length: 64 }, () => faults.hit('reorder'));
    };
    expect(sequence(7)).toEqual(sequence(7));
    expect(sequence(7)).not.toEqual(sequence(8));
  });

  test("switching another fault on does not change a fault's decisions", () => {
    const alone = new FaultInjector({ seed: 3, reorder: 0.3 });
    const together = new FaultInjector({ seed: 3, reorder: 0.3, duplicate: 0.5, throttle: 0.5 });
    const a: boolean[] = [];
    const b: boolean[] = [];
    for (let i = 0; i < 200; i += 1) {
      a.push(alone.hit('reorder'));
      together.hit('duplicate');
      b.push(together.hit('reorder'));
      together.hit('throttle');
    }
    expect(b).toEqual(a);
  });

  test('a fault that is off never hits and is not reported', () => {
    const faults = new FaultInjector({ seed: 1, reorder: 0.5 });
    expect(hits(faults, 'duplicate')).toBe(0);
    expect(Object.keys(faults.counts())).toEqual(['reorder']);
  });

  test('crashes hit at the configured rate, at every point', () => {
    const faults = new FaultInjector({ seed: 11, crash: 0.1 });
    const points = new Map<string, number>();
    for (let i = 0; i < N; i += 1) {
      const crash = faults.crash();
      if (crash !== undefined) points.set(crash.point, (points.get(crash.point) ?? 0) + 1);
    }
    const total = [...points.values()].reduce((a, b) => a + b, 0);
    expect(total / N).toBeGreaterThan(0.09);
    expect(total / N).toBeLessThan(0.11);
    expect([...points.keys()].sort()).toEqual(['after-handler', 'before-handler', 'during-handler']);
    expect(faults.counts()).toEqual({ crash: total });
  });

  test('a PutEvents outage starts after the configured calls, refuses every call for its seconds, once', () => {
    const faults = new FaultInjector({ seed: 1, putEventsOutage: 2, putEventsOutageAfter: 3 });
    const t0 = 1_000_000;
    expect([t0, t0, t0].map((now) => faults.putEventsRefused(now))).toEqual([false, false, false]);
    expect(faults.putEventsRefused(t0 + 10)).toBe(true);
    expect(faults.putEventsRefused(t0 + 2009)).toBe(true);
    expect(faults.putEventsRefused(t0 + 2010)).toBe(false);
    expect(faults.putEventsRefused(t0 + 99_999)).toBe(false);
    expect(faults.counts()).toEqual({ 'put-events-outage': 2 });
  });

  test('a DynamoDB outage defaults to starting after 100 requests', () => {
    const faults = new FaultInjector({ seed: 1, dynamodbOutage: 1 });
    const refused = Array.from({ length: 101 }, () => faults.dynamodbRefused(5_000));
    expect(refused.indexOf(true)).toBe(100);
  });

  test('reordered deliveries are held 10-100 % of reorderDelayMs', () => {
    const faults = new FaultInjector({ seed: 5, reorder: 1, reorderDelayMs: 200 });
    const delays = Array.from({ length: 500 }, () => faults.reorderDelayMs());
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...delays)).toBeLessThanOrEqual(200);
  });
});
