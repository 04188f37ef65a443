import { MetricCounters } from '../../../local/lambda';
import { METRICS_NAMESPACE, MetricName } from '../../../runtime/observability';

const parked = (namespace: string, consumer: string, value: number) => ({ namespace, name: MetricName.EventsParked, value, dimensions: { consumer } });

describe('MetricCounters', () => {
  test("a consumer's contract figure sums the metrics the runtime emits in its namespace", () => {
    const counters = new MetricCounters();
    counters.add(parked(METRICS_NAMESPACE, 'inventory', 2));
    counters.add(parked(METRICS_NAMESPACE, 'inventory', 3));
    expect(counters.metric('inventory', MetricName.EventsParked)).toBe(5);
  });

  test('metrics of another namespace or another consumer do not count', () => {
    const counters = new MetricCounters();
    counters.add(parked('SomeoneElse', 'inventory', 7));
    counters.add(parked(METRICS_NAMESPACE, 'billing', 4));
    expect(counters.metric('inventory', MetricName.EventsParked)).toBe(0);
  });

  test("a gauge's figure is its latest value in the runtime's namespace", () => {
    const counters = new MetricCounters();
    counters.add({ namespace: METRICS_NAMESPACE, name: MetricName.HeldEvents, value: 4, dimensions: { consumer: 'inventory' } });
    counters.add({ namespace: METRICS_NAMESPACE, name: MetricName.HeldEvents, value: 1, dimensions: { consumer: 'inventory' } });
    expect(counters.latestMetric('inventory', MetricName.HeldEvents)).toBe(1);
  });
});
