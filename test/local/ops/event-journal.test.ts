import type { RuleDefinition } from '../../../local/eventbridge/endpoint/bus-model';
import type { DeliveredEvent } from '../../../local/eventbridge/endpoint/target-delivery';
import { EventJournal } from '../../../local/ops';

const rule = { name: 'inv', arn: 'arn:rule/inv', busName: 'b', eventPattern: {}, enabled: true, targets: [], origin: 'S/R' } as RuleDefinition;
const event = (eventId: string, extra: Record<string, unknown> = {}): DeliveredEvent => ({
  id: `eb-${eventId}`,
  time: '2026-11-30T00:00:00Z',
  source: 'orders-service',
  'detail-type': 'OrderPlaced',
  detail: { metadata: { eventId, correlationId: 'req-1' }, data: { orderId: 'ord_1', totalCents: 5 } },
  ...extra,
});

test('finds routed events by eventId, EventBridge id, correlation id or an entity id in their data, with the consumers their rules belong to', () => {
  const journal = new EventJournal(() => 'inventory');
  journal.onRouted(event('e1'), 'b', [rule]);
  journal.onRouted(event('e1', { 'replay-name': 'r1' }), 'b', [rule]);
  for (const query of ['e1', 'eb-e1', 'req-1', 'ord_1']) expect(journal.find(query).events.map((e) => [e.eventId, e.replayName])).toEqual([['e1', undefined], ['e1', 'r1']]);
  expect(journal.find('e1').events[0]!.rules).toEqual([{ name: 'inv', arn: 'arn:rule/inv', consumer: 'inventory' }]);
  expect(journal.find('nothing').events).toEqual([]);
});

test('keeps the detail of a routed event, for the trace to show', () => {
  const journal = new EventJournal(() => 'inventory');
  journal.onRouted(event('e3'), 'b', [rule]);
  expect(journal.find('e3').events[0]!.detail).toEqual({ metadata: { eventId: 'e3', correlationId: 'req-1' }, data: { orderId: 'ord_1', totalCents: 5 } });
});

test("keeps the functions' structured lines that name an event, with the error, and ignores EMF and plain lines", () => {
  const journal = new EventJournal(() => undefined);
  journal.onRouted(event('e2'), 'b', []);
  const fn = (line: string) => ({ functionName: 'f', stream: 'stdout' as const, line });
  journal.onLog(fn(JSON.stringify({ level: 'ERROR', message: 'Event handler failed', eventId: 'e2', error: { name: 'PermanentError', message: 'no' } })), () => 'inventory');
  journal.onLog(fn(JSON.stringify({ _aws: {}, eventId: 'e2' })), () => 'inventory');
  journal.onLog(fn('plain text e2'), () => 'inventory');
  expect(journal.find('e2').logs).toEqual([expect.objectContaining({ consumer: 'inventory', level: 'ERROR', error: 'PermanentError: no', eventId: 'e2' })]);
});

test('keeps only the newest records past its capacity', () => {
  const journal = new EventJournal(() => undefined, 2);
  for (const id of ['a', 'b', 'c']) journal.onRouted(event(id), 'b', []);
  expect(journal.find('a').events).toEqual([]);
  expect(journal.find('c').events).toHaveLength(1);
});
