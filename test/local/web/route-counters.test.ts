import type { DeliveredEvent, RuleDefinition } from '../../../local/eventbridge/endpoint';
import { RouteCounters } from '../../../local/web';

const rule = (origin: string) => ({ origin }) as unknown as RuleDefinition;
const event = (id: string) => ({ id, time: '2026-11-30T00:00:00Z', source: 'orders-service', 'detail-type': 'OrderPlaced', detail: {} }) as unknown as DeliveredEvent;

test('accepted events are counted per bus and matches per rule', () => {
  const counters = new RouteCounters();
  counters.onRouted(event('a'), 'bus', [rule('S/R1'), rule('S/R2')]);
  counters.onRouted(event('b'), 'bus', [rule('S/R1')]);
  counters.onRouted(event('c'), 'other', []);
  expect(Object.fromEntries(counters.acceptedByBus)).toEqual({ bus: 2, other: 1 });
  expect(Object.fromEntries(counters.matchedByRule)).toEqual({ 'S/R1': 2, 'S/R2': 1 });
});
