import type { RuleDefinition } from '../../../local/eventbridge/endpoint';
import { EventLog } from '../../../local/web';

const rule = (origin: string) => ({ origin }) as unknown as RuleDefinition;
const event = (id: string, eventId: string, orderId: string, correlationId?: string) => ({
  id,
  time: '2026-11-30T00:00:00Z',
  source: 'orders-service',
  'detail-type': 'OrderPlaced',
  detail: { metadata: { eventId, correlationId }, data: { orderId } },
});

test('an accepted event is found by its eventId, EventBridge id, correlation id and entity', () => {
  const log = new EventLog({ entityPaths: ['$.detail.data.orderId'] });
  log.onRouted(event('eb-1', 'E1', 'ord_1', 'corr-1'), 'bus', [rule('S/Rule')]);
  log.onRouted(event('eb-2', 'E2', 'ord_2'), 'bus', []);
  for (const query of ['E1', 'eb-1', 'corr-1', 'ord_1']) expect(log.find(query).map((e) => e.eventId)).toEqual(['E1']);
  expect(log.find('ord_1')[0].rules).toEqual(['S/Rule']);
  expect(log.find('nothing')).toEqual([]);
});

test('the newest events come first, and the oldest fall out past the capacity', () => {
  const log = new EventLog({ entityPaths: ['$.detail.data.orderId'], capacity: 3 });
  for (let i = 1; i <= 5; i += 1) log.onRouted(event(`eb-${i}`, `E${i}`, 'ord_same'), 'bus', []);
  expect(log.find('ord_same').map((e) => e.eventId)).toEqual(['E5', 'E4', 'E3']);
  expect(log.find('E1')).toEqual([]);
});

test('accepted events are counted per bus and matches per rule', () => {
  const log = new EventLog({ entityPaths: [] });
  log.onRouted(event('a', 'A', 'o'), 'bus', [rule('S/R1'), rule('S/R2')]);
  log.onRouted(event('b', 'B', 'o'), 'bus', [rule('S/R1')]);
  expect(log.acceptedByBus.get('bus')).toBe(2);
  expect(Object.fromEntries(log.matchedByRule)).toEqual({ 'S/R1': 2, 'S/R2': 1 });
});
