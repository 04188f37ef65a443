import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Duration } from 'aws-cdk-lib';
import { describe, expect, test } from '@jest/globals';
import type { DynamoDBRecord } from 'aws-lambda';
import { createEvent, parseEventBridgeEvent, parseSqsMessageBody } from '../../runtime/envelope';
import { createPublishValidator } from '../../runtime/schemas';
import { readOutboxStreamRecord, writeWithOutbox } from '../../runtime/outbox';
import { validateFifoConsumerProps } from '../../lib/fifo-consumer-validation';
import type { FifoConsumerProps } from '../../lib/fifo-consumer';

// Bad input to the runtime library's public functions, to construct props, in messages reaching
// consumers and in outbox rows. These areas belong to other work; the rows here pin the answers
// that are already clear (ids LIB-nn, PROP-nn, MSG-nn, OUTBOX-nn in docs/reliability.md).

const event = (overrides: Record<string, unknown> = {}) => ({
  source: 'orders-service',
  detailType: 'OrderPlaced',
  eventType: 'order.placed',
  eventVersion: '1',
  data: { orderId: 'ord_1' },
  ...overrides,
});

describe('runtime library', () => {
  test('LIB-01: createEvent with an empty source names the field and what it got', () => {
    expect(() => createEvent(event({ source: '' }) as never)).toThrow('createEvent: source must be a non-empty string, got "".');
  });

  test('LIB-02: createEvent with an invalid occurredAt Date says so', () => {
    expect(() => createEvent(event({ occurredAt: new Date('nope') }) as never)).toThrow('createEvent: occurredAt is an invalid Date.');
  });

  test('LIB-03: createEvent without data says to use {} for an event without data', () => {
    expect(() => createEvent(event({ data: undefined }) as never)).toThrow('createEvent: data is required (use {} for an event without data).');
  });

  test('LIB-04: the publish validator refuses data its schema refuses, naming each field and rule', () => {
    const detail = createEvent(event() as never).detail;
    expect(() => createPublishValidator().validate({ source: 'orders-service', detailType: 'OrderPlaced', detail })).toThrow(
      /order\.placed v1 is invalid \(publish\): .*data\.customerId is required but missing \[rule: required\]/,
    );
  });
});

describe('messages reaching consumers', () => {
  test('MSG-01: an SQS body that is not JSON is MalformedEventError with the parse error', () => {
    expect(() => parseSqsMessageBody('{oops')).toThrow(/^Malformed event: body is not valid JSON \(/);
  });

  test('MSG-02: an event that is not an object is MalformedEventError naming its type', () => {
    expect(() => parseEventBridgeEvent('text')).toThrow('Malformed event: event must be a JSON object, got string.');
  });

  test('MSG-03: an event without detail is MalformedEventError "detail is missing"', () => {
    expect(() => parseEventBridgeEvent({ id: '1', source: 's', 'detail-type': 'd', time: '2026-11-30T10:00:00Z', resources: [] })).toThrow(
      'Malformed event: detail is missing.',
    );
  });

  test('MSG-04: an envelope whose occurredAt is no timestamp is MalformedEventError naming the field', () => {
    const detail = { metadata: { eventId: 'e1', eventType: 'order.placed', eventVersion: '1', occurredAt: 'yesterday', producer: 'p' }, data: {} };
    expect(() => parseEventBridgeEvent({ id: '1', source: 's', 'detail-type': 'd', time: '2026-11-30T10:00:00Z', resources: [], detail })).toThrow(
      'Malformed event: detail.metadata.occurredAt must be an ISO-8601 timestamp, got "yesterday".',
    );
  });
});

describe('construct props', () => {
  const props = (overrides: Partial<FifoConsumerProps>): FifoConsumerProps =>
    ({ consumerName: 'inventory', eventPattern: { source: ['orders-service'] }, ...overrides }) as FifoConsumerProps;

  test('PROP-01: a consumerName with capitals names the prop, the value and the rule', () => {
    expect(() => validateFifoConsumerProps('App/Inventory', props({ consumerName: 'Inventory' }))).toThrow(
      /invalid consumerName "Inventory": use 1-40 lowercase letters, digits or "-", starting with a letter/,
    );
  });

  test('PROP-02: an empty eventPattern says to give at least one field', () => {
    expect(() => validateFifoConsumerProps('App/Inventory', props({ eventPattern: {} }))).toThrow(/invalid eventPattern \{\}: give at least one field to match/);
  });

  test('PROP-03: batchSize 11 is out of range, with the range', () => {
    expect(() => validateFifoConsumerProps('App/Inventory', props({ batchSize: 11 }))).toThrow(/invalid batchSize 11: must be a whole number from 1 to 10/);
  });

  test('PROP-04: a visibilityTimeout under 6 x functionTimeout says the minimum', () => {
    expect(() =>
      validateFifoConsumerProps('App/Inventory', props({ functionTimeout: Duration.seconds(30), visibilityTimeout: Duration.seconds(60) })),
    ).toThrow(/visibilityTimeout \(60s\) must be at least 6 x functionTimeout \(30s = 180s\)\. Raise visibilityTimeout to 180s or more/);
  });

  test('PROP-05: an environment variable the construct sets is refused, saying to remove it', () => {
    expect(() => validateFifoConsumerProps('App/Inventory', props({ environment: { NODE_OPTIONS: '--x' } }))).toThrow(
      /NODE_OPTIONS is set by the construct; remove it from environment/,
    );
  });
});

describe('outbox rows', () => {
  const record = (dynamodb: DynamoDBRecord['dynamodb']): DynamoDBRecord => ({ eventName: 'INSERT', dynamodb });

  test('OUTBOX-01: a stream record without a sequence number is MalformedOutboxRowError saying so', () => {
    expect(() => readOutboxStreamRecord(record({}), 1_048_576)).toThrow('the stream record has no dynamodb.SequenceNumber');
  });

  test('OUTBOX-02: a record without NewImage says which stream view type to use', () => {
    expect(() => readOutboxStreamRecord(record({ SequenceNumber: '1' }), 1_048_576)).toThrow(
      'Malformed outbox row at sequence number 1: no NewImage: the stream view type must be NEW_IMAGE or NEW_AND_OLD_IMAGES',
    );
  });

  test('OUTBOX-03: a row missing an attribute names the attribute', () => {
    expect(() => readOutboxStreamRecord(record({ SequenceNumber: '2', NewImage: {} }), 1_048_576)).toThrow(
      'attribute pk is missing or not a non-empty string',
    );
  });

  test('OUTBOX-04: writeWithOutbox without an outbox table says to set OUTBOX_TABLE_NAME', async () => {
    const saved = process.env.OUTBOX_TABLE_NAME;
    delete process.env.OUTBOX_TABLE_NAME;
    try {
      await expect(writeWithOutbox(new DynamoDBClient({ region: 'us-east-1' }), { writes: [], events: [] })).rejects.toThrow(
        'writeWithOutbox needs the outbox table: set OUTBOX_TABLE_NAME or pass `outboxTableName`.',
      );
    } finally {
      if (saved !== undefined) process.env.OUTBOX_TABLE_NAME = saved;
    }
  });

  test('OUTBOX-05: writeWithOutbox with no events says to use TransactWriteItems directly', async () => {
    await expect(writeWithOutbox(new DynamoDBClient({ region: 'us-east-1' }), { writes: [], events: [], outboxTableName: 't' })).rejects.toThrow(
      /needs at least one event; use TransactWriteItems directly/,
    );
  });

  test('OUTBOX-06: more than 100 items in one call is OutboxLimitError with the count and the limit', async () => {
    const events = Array.from({ length: 101 }, () => ({ entityKey: 'o', event: createEvent(event() as never) }));
    await expect(writeWithOutbox(new DynamoDBClient({ region: 'us-east-1' }), { writes: [], events: events as never, outboxTableName: 't' })).rejects.toThrow(
      /0 writes \+ 101 events \+ 1 entity sequence items = 102 items, over DynamoDB's 100-item transaction limit; split the change/,
    );
  });
});
