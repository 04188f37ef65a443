import fc from 'fast-check';
import { SCHEMA_REGISTRY } from '../../../schemas/generated/registry';
import { exampleFor, sampleForPattern } from '../../../local/web';

const registry = SCHEMA_REGISTRY;
const versions = registry.eventTypes().flatMap((eventType) => registry.versionsOf(eventType).map((version) => registry.get(eventType, version)));

test.each(versions.map((v) => [`${v.detailType} v${v.eventVersion}`, v] as const))('the example of %s passes the publish validator', (_name, registered) => {
  expect(() => registry.validateForPublish(registered.eventType, registered.eventVersion, exampleFor(registered.schema))).not.toThrow();
});

test('examples name a new entity each time (ids from a pattern are random)', () => {
  const placed = registry.get('order.placed', '1');
  const ids = new Set(Array.from({ length: 20 }, () => (exampleFor(placed.schema) as { orderId: string }).orderId));
  expect(ids.size).toBeGreaterThan(15);
});

test('a sample of a simple pattern matches the pattern', () => {
  const patterns = ['^ord_[A-Za-z0-9]+$', '^[a-z]{3}-\\d{4}$', '^SKU[0-9]{2,5}x?$', 'abc'];
  fc.assert(
    fc.property(fc.constantFrom(...patterns), (pattern) => {
      const sample = sampleForPattern(pattern);
      expect(sample).toBeDefined();
      expect(new RegExp(pattern).test(sample!)).toBe(true);
    }),
  );
});

test('a pattern with groups or alternation gets no sample (the form then shows the violation)', () => {
  expect(sampleForPattern('^(a|b)+$')).toBeUndefined();
});
