import {
  EventValidationError,
  SchemaRegistry,
  UnknownEventSchemaError,
  type RegisteredEventSchema,
} from '../../runtime/schemas';
import { compileEventSchemas } from '../../local/schemas/compile-validators';
import { SCHEMA_REGISTRY } from '../../schemas/generated/registry';

const placedV11 = {
  orderId: 'ord_9921',
  customerId: 'cus_7',
  lines: [{ sku: 'sku-1', quantity: 2, unitPriceCents: 1250 }],
  totalCents: 2500,
  currency: 'EUR',
  channel: 'web',
};
const { channel: _dropped, ...placedV1 } = placedV11;

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('SchemaRegistry at publish time', () => {
  const registry = SCHEMA_REGISTRY;

  test('accepts data matching its exact version', () => {
    expect(registry.validateForPublish('order.placed', '1.1', placedV11)).toMatchObject({ detailType: 'OrderPlaced', eventVersion: '1.1' });
    expect(registry.validateForPublish('order.placed', '1', placedV1).eventVersion).toBe('1');
  });

  test('refuses invalid data naming the event, each field and rule', () => {
    const error = errorOf(() => registry.validateForPublish('order.placed', '1', { ...placedV1, totalCents: -1, currency: 'JPY', lines: [{ sku: '', quantity: 1 }] }));
    expect(error).toBeInstanceOf(EventValidationError);
    expect((error as EventValidationError).violations).toEqual([
      { field: 'data.lines[0].unitPriceCents', rule: 'required', message: 'is required but missing' },
      { field: 'data.lines[0].sku', rule: 'minLength', message: 'must NOT have fewer than 1 characters' },
      { field: 'data.totalCents', rule: 'minimum', message: 'must be >= 0' },
      { field: 'data.currency', rule: 'enum', message: 'must be one of ["EUR","USD","GBP"]' },
    ]);
    expect(error.message).toMatch(/^order\.placed v1 is invalid \(publish\): data\.lines\[0\]\.unitPriceCents is required but missing \[rule: required\]; /);
  });

  test('refuses a field its version does not declare (producers are strict), even nested', () => {
    const error = errorOf(() => registry.validateForPublish('order.placed', '1', { ...placedV11, lines: [{ ...placedV1.lines[0], gift: true }] })) as EventValidationError;
    expect(error.violations.map((v) => [v.field, v.rule]).sort()).toEqual([
      ['data.channel', 'additionalProperties'],
      ['data.lines[0].gift', 'additionalProperties'],
    ]);
  });

  test('refuses an unknown event type, saying how to register one', () => {
    const error = errorOf(() => registry.validateForPublish('order.refunded', '1', {}));
    expect(error).toBeInstanceOf(UnknownEventSchemaError);
    expect(error.message).toContain('No schema is registered for event type "order.refunded"');
  });

  test('refuses an unknown version, listing the registered ones', () => {
    const error = errorOf(() => registry.validateForPublish('order.placed', '1.2', placedV11));
    expect(error).toBeInstanceOf(UnknownEventSchemaError);
    expect(error.message).toContain('Event type "order.placed" has no schema version "1.2" (registered: 1, 1.1)');
  });

  test('refuses a malformed version string', () => {
    expect(() => registry.validateForPublish('order.placed', 'v1', placedV1)).toThrow(/eventVersion "v1" is not a schema version/);
  });
});

describe('SchemaRegistry with a custom set of schemas', () => {
  const schemas: RegisteredEventSchema[] = [
    { source: 's', detailType: 'ThingDone', eventType: 'thing.done', eventVersion: '2', schema: { type: 'object', required: ['b'], properties: { b: { type: 'string' } } } },
    { source: 's', detailType: 'ThingDone', eventType: 'thing.done', eventVersion: '1', schema: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } } },
  ];
  const registry = new SchemaRegistry(compileEventSchemas(schemas).compiled);

  test('lists versions oldest first', () => {
    expect(registry.versionsOf('thing.done')).toEqual(['1', '2']);
    expect(registry.eventTypes()).toEqual(['thing.done']);
  });

  test('each version is checked with its own compiled validator', () => {
    expect(registry.validateForPublish('thing.done', '1', { a: 'x' }).eventVersion).toBe('1');
    expect(registry.validateForPublish('thing.done', '2', { b: 'x' }).eventVersion).toBe('2');
    expect(() => registry.validateForPublish('thing.done', '2', { a: 'x' })).toThrow(/data\.b is required but missing/);
  });

  test('validates envelope metadata against schemas/envelope/metadata.json', () => {
    const error = errorOf(() =>
      registry.validateMetadata({ eventId: '01J8', eventType: 'Thing', eventVersion: '1.0.1', occurredAt: 'yesterday', producer: 's' }, 'publish'),
    ) as EventValidationError;
    expect(error.violations.map((v) => [v.field, v.rule])).toEqual([
      ['metadata.eventType', 'pattern'],
      ['metadata.eventVersion', 'pattern'],
      ['metadata.occurredAt', 'format'],
    ]);
  });
});
