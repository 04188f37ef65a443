import { consumerOfStackDescription, consumerStackDescription } from '../../../runtime/contract/index';

describe('consumer stack description', () => {
  test('a consumer stack is described by the consumer name and what the stack holds', () => {
    expect(consumerStackDescription('inventory')).toBe('event-router consumer inventory: rule, FIFO queues, DLQs, function, dedupe table, alarms, dashboard');
  });

  test('the name written into a description is the name read back from it', () => {
    for (const name of ['inventory', 'a', 'billing-v2']) expect(consumerOfStackDescription(consumerStackDescription(name))).toBe(name);
  });

  test('another stack, or one without a description, names no consumer', () => {
    expect(consumerOfStackDescription('event-router router: bus, outbox')).toBeUndefined();
    expect(consumerOfStackDescription('event-router consumer: inventory')).toBeUndefined();
    expect(consumerOfStackDescription(undefined)).toBeUndefined();
  });
});
