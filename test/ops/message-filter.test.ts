import { FilterSyntaxError, parseFilter, toParkedMessage } from '../../ops';

const message = toParkedMessage({
  MessageId: 'm1',
  Body: JSON.stringify({ id: 'eb', 'detail-type': 'OrderPaid', source: 'orders-service', detail: { metadata: { eventId: 'evt-1', correlationId: 'req-1' } } }),
  Attributes: { MessageGroupId: 'ord_1', ApproximateReceiveCount: '2', SentTimestamp: '0' },
  MessageAttributes: {
    ErrorType: { DataType: 'String', StringValue: 'PermanentError' },
    ErrorMessage: { DataType: 'String', StringValue: 'Card declined: Timeout at gateway' },
    ParkedBy: { DataType: 'String', StringValue: 'consumer' },
  },
});

describe('parseFilter', () => {
  test.each([
    ['detail-type=OrderPaid', true],
    ['detail-type=OrderShipped', false],
    ['error=PermanentError,entity=ord_1', true],
    ['error=PermanentError,entity=ord_2', false],
    ['message~timeout', true],
    ['error!=PermanentError', false],
    ['event-id=evt-1', true],
    ['correlation-id=req-1', true],
    ['parked-by=consumer', true],
  ])('%s selects the message: %s', (expression, expected) => {
    expect(parseFilter(expression)(message)).toBe(expected);
  });

  test('every expression of a repeated --filter must hold', () => {
    expect(parseFilter(['entity=ord_1', 'detail-type=OrderShipped'])(message)).toBe(false);
  });

  test('no filter selects everything', () => {
    expect(parseFilter(undefined)(message)).toBe(true);
  });

  test.each(['colour=red', 'detail-type', 'entity=', 'entity=ord_1,,error=x'])('%s is refused naming the accepted forms', (expression) => {
    expect(() => parseFilter(expression)).toThrow(FilterSyntaxError);
    expect(() => parseFilter(expression)).toThrow(/KEY=VALUE/);
  });
});

describe('toParkedMessage', () => {
  test('reads the reason attributes (contract 6), the entity and the receive count', () => {
    expect(message).toMatchObject({ eventId: 'evt-1', entity: 'ord_1', detailType: 'OrderPaid', errorType: 'PermanentError', parkedBy: 'consumer', receiveCount: 2 });
  });

  test("reads EventBridge's reason on a target DLQ", () => {
    const parked = toParkedMessage({ MessageId: 't', Body: '{}', MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'ThrottlingException' }, ERROR_MESSAGE: { DataType: 'String', StringValue: 'slow down' } } });
    expect(parked).toMatchObject({ errorType: 'ThrottlingException', errorMessage: 'slow down', parkedBy: 'eventbridge' });
  });

  test('a body that is not an event is shown, not refused', () => {
    expect(toParkedMessage({ MessageId: 'x', Body: 'not json' })).toMatchObject({ messageId: 'x', body: 'not json', eventId: undefined });
  });
});
