import { compileEventSchemas } from '../../../local/schemas/compile-validators';
import type { ValidatableEvent } from '../../../runtime/envelope/index';
import {
  EventValidationError,
  InvalidConsumerReadsError,
  UnknownEventSchemaError,
  UnreadEventTypeError,
  UnsupportedMajorVersionError,
  createConsumerValidator,
  type RegisteredEventSchema,
} from '../../../runtime/schemas';
import { orderPaidV1Reader, orderPlacedV1Reader, orderPlacedV1_1Reader } from '../../../schemas/generated/compiled-validators';

const placedV11 = {
  orderId: 'ord_9921',
  customerId: 'cus_7',
  lines: [{ sku: 'sku-1', quantity: 2, unitPriceCents: 1250 }],
  totalCents: 2500,
  currency: 'EUR',
  channel: 'web',
};
const { channel: _dropped, ...placedV1 } = placedV11;

function delivered(eventType: string, eventVersion: string, data: unknown, routing = { source: 'orders-service', detailType: 'OrderPlaced' }): ValidatableEvent {
  return {
    ...routing,
    detail: { metadata: { eventId: '01J8ZQ3V4K9Y', eventType, eventVersion, occurredAt: '2026-11-23T10:30:42Z', producer: 'orders-service' }, data },
  };
}

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('createConsumerValidator with compiled readers', () => {
  test('a consumer of v1 reads a v1.1 event: the newer minor parses and its extra field is kept untouched', () => {
    const event = delivered('order.placed', '1.1', structuredClone(placedV11));
    createConsumerValidator({ reads: [orderPlacedV1Reader] }).validate(event);
    expect((event.detail as { data: unknown }).data).toEqual(placedV11);
  });

  test('a consumer of v1.1 reads a v1 event', () => {
    expect(() => createConsumerValidator({ reads: [orderPlacedV1_1Reader] }).validate(delivered('order.placed', '1', placedV1))).not.toThrow();
  });

  test('a minor the consumer has never heard of still parses within its major', () => {
    expect(() => createConsumerValidator({ reads: [orderPlacedV1_1Reader] }).validate(delivered('order.placed', '1.7', { ...placedV11, giftWrap: true }))).not.toThrow();
  });

  test('a newer major is refused with a typed error naming both versions', () => {
    const error = errorOf(() => createConsumerValidator({ reads: [orderPlacedV1_1Reader] }).validate(delivered('order.placed', '2', placedV11)));
    expect(error).toBeInstanceOf(UnsupportedMajorVersionError);
    expect(error).toMatchObject({ eventType: 'order.placed', eventVersion: '2', readerVersion: '1.1' });
    expect(error.message).toContain('order.placed v2 cannot be read by a consumer of v1.1');
  });

  test('data the reader version refuses is a consume-phase validation error naming the field and rule', () => {
    const error = errorOf(() => createConsumerValidator({ reads: [orderPlacedV1Reader] }).validate(delivered('order.placed', '1.1', { ...placedV11, totalCents: 'lots' })));
    expect(error).toBeInstanceOf(EventValidationError);
    expect(error).toMatchObject({ phase: 'consume', eventVersion: '1.1' });
    expect((error as EventValidationError).violations).toEqual([{ field: 'data.totalCents', rule: 'type', message: 'must be integer' }]);
    expect(error.message).toBe('order.placed v1.1 is invalid (consume): data.totalCents must be integer [rule: type]. The event does not match the schema version this consumer reads.');
  });

  test('every violation is listed, enums with their allowed values', () => {
    const error = errorOf(() =>
      createConsumerValidator({ reads: [orderPlacedV1Reader] }).validate(delivered('order.placed', '1', { ...placedV1, totalCents: -1, currency: 'JPY', lines: [{ sku: '', quantity: 1 }] })),
    ) as EventValidationError;
    expect(error.violations).toEqual([
      { field: 'data.lines[0].unitPriceCents', rule: 'required', message: 'is required but missing' },
      { field: 'data.lines[0].sku', rule: 'minLength', message: 'must NOT have fewer than 1 characters' },
      { field: 'data.totalCents', rule: 'minimum', message: 'must be >= 0' },
      { field: 'data.currency', rule: 'enum', message: 'must be one of ["EUR","USD","GBP"]' },
    ]);
  });

  test('an event type the consumer reads no version of is refused, naming what it reads', () => {
    const error = errorOf(() =>
      createConsumerValidator({ reads: [orderPlacedV1_1Reader] }).validate(delivered('order.paid', '1', { orderId: 'o', paymentId: 'p' }, { source: 'orders-service', detailType: 'OrderPaid' })),
    );
    expect(error).toBeInstanceOf(UnreadEventTypeError);
    expect(error).toBeInstanceOf(UnknownEventSchemaError);
    expect(error.message).toContain('This consumer reads no version of event type "order.paid" (it reads: order.placed)');
  });

  test('metadata is checked against schemas/envelope/metadata.json', () => {
    const event = delivered('order.placed', '1', placedV1);
    (event.detail as { metadata: Record<string, unknown> }).metadata.occurredAt = 'yesterday';
    const error = errorOf(() => createConsumerValidator({ reads: [orderPlacedV1Reader] }).validate(event)) as EventValidationError;
    expect(error.violations).toEqual([{ field: 'metadata.occurredAt', rule: 'format', message: 'must match format "date-time"' }]);
  });

  test('an event under another detail-type than its type is registered with is refused', () => {
    const error = errorOf(() => createConsumerValidator({ reads: [orderPlacedV1Reader] }).validate(delivered('order.placed', '1', placedV1, { source: 'orders-service', detailType: 'OrderShipped' })));
    expect(error.message).toContain('detail-type is "OrderShipped" but order.placed is registered as "OrderPlaced"');
  });

  test('an event without the envelope is refused', () => {
    expect(() => createConsumerValidator({ reads: [orderPlacedV1Reader] }).validate({ source: 'orders-service', detailType: 'OrderPlaced', detail: placedV1 })).toThrow(/detail\.metadata is missing/);
  });

  test('each major is read with its own reader', () => {
    const schemas: RegisteredEventSchema[] = [
      { source: 's', detailType: 'ThingDone', eventType: 'thing.done', eventVersion: '2', schema: { type: 'object', required: ['b'], properties: { b: { type: 'string' } } } },
      { source: 's', detailType: 'ThingDone', eventType: 'thing.done', eventVersion: '1', schema: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } } },
    ];
    const validator = createConsumerValidator({ reads: compileEventSchemas(schemas).readers });
    const routing = { source: 's', detailType: 'ThingDone' };
    expect(() => validator.validate(delivered('thing.done', '1', { a: 'x' }, routing))).not.toThrow();
    expect(() => validator.validate(delivered('thing.done', '2', { b: 'x' }, routing))).not.toThrow();
    expect(() => validator.validate(delivered('thing.done', '2', { a: 'x' }, routing))).toThrow(/data\.b is required but missing/);
  });
});

describe('createConsumerValidator configuration', () => {
  test('no reader is refused when the consumer is created', () => {
    expect(() => createConsumerValidator({ reads: [] })).toThrow(InvalidConsumerReadsError);
    expect(() => createConsumerValidator({ reads: [] })).toThrow(/needs `reads`/);
  });

  test('two readers of one event type and major are refused when the consumer is created', () => {
    expect(() => createConsumerValidator({ reads: [orderPlacedV1Reader, orderPlacedV1_1Reader, orderPaidV1Reader] })).toThrow(
      /reads order\.placed twice in major 1 \(v1 and v1\.1\)/,
    );
  });
});
