import { consumers } from '../../consumers/index';
import { INVENTORY_READS } from '../../functions/inventory/inventory';
import { NOTIFICATIONS_READS } from '../../functions/notifications/notifications';
import { matchesEventPattern } from '../../local/testing/index';
import { SCHEMA_REGISTRY } from '../../schemas/generated/registry';

// A registered type the rule delivers but the validator does not read is parked as permanent at
// once (and holds its entity's later events): the reads list must keep up with the pattern.
const READS = { inventory: INVENTORY_READS, notifications: NOTIFICATIONS_READS };

describe('example consumers validating by schema', () => {
  test.each(Object.entries(READS))('%s reads every registered event type its rule delivers', (name, reads) => {
    const consumer = consumers.find((c) => c.name === name)!;
    const delivered = SCHEMA_REGISTRY.eventTypes()
      .map((type) => SCHEMA_REGISTRY.get(type, SCHEMA_REGISTRY.versionsOf(type).at(-1)!))
      .filter((schema) => matchesEventPattern(consumer.eventPattern, { source: schema.source, 'detail-type': schema.detailType, detail: {} }));
    expect(delivered.length).toBeGreaterThan(0);
    expect(reads.map((reader) => reader.eventType).sort()).toEqual(expect.arrayContaining(delivered.map((schema) => schema.eventType)));
  });
});
