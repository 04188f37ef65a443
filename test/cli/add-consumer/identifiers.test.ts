import { consumerIdentifiers } from '../../../cli/add-consumer/identifiers';

describe('consumerIdentifiers', () => {
  test('camelCase for the definition, PascalCase for the handler factory', () => {
    expect(consumerIdentifiers('shipping-labels-2')).toEqual({ definition: 'shippingLabels2', pascal: 'ShippingLabels2' });
  });

  test.each([
    ['new', 'newConsumer'],
    ['delete', 'deleteConsumer'],
    ['consumers', 'consumersConsumer'],
  ])('a name that cannot be a const (%s) gets a suffix', (name, definition) => {
    expect(consumerIdentifiers(name).definition).toBe(definition);
  });
});
