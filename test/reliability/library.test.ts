import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { describe, expect, test } from '@jest/globals';
import type { DynamoDBRecord } from 'aws-lambda';
import { createEvent, parseEventBridgeEvent, parseSqsMessageBody } from '../../runtime/envelope';
import { createPublishValidator } from '../../runtime/schemas';
import { SCHEMA_REGISTRY } from '../../schemas/generated/registry';
import { readOutboxStreamRecord, writeWithOutbox } from '../../runtime/outbox';
import { publish, validatePublishOptions } from '../../runtime/publisher';
import { validateFifoConsumerProps } from '../../lib/fifo-consumer-validation';
import type { FifoConsumerProps } from '../../lib/fifo-consumer';
import { DuplicateConsumerNameError, FifoConsumer, InvalidOrderingKeyError, InvalidPropError, InvalidPublisherPolicyError, OrderingKey, Outbox, RouterBus } from '../../lib';
import { buildApp } from '../../bin/build-app';
import { consumers } from '../../consumers/index';
import { consumerTestStack, FIXTURE_HANDLER, SKIP_BUNDLING, testOutdir } from '../lib/support';

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

  test.each([
    ['LIB-05', { correlationId: { a: 1 } }, 'createEvent: correlationId must be a non-empty string, got {"a":1}.'],
    ['LIB-06', { eventVersion: 'banana' }, 'createEvent: eventVersion must be MAJOR or MAJOR.MINOR, e.g. "1" or "1.1", got "banana".'],
    ['LIB-07', { data: 'a string' }, 'createEvent: data must be a JSON object (consumers and schemas read its fields), got "a string".'],
  ])('%s: createEvent refuses what every consumer would reject, naming the field and the value', (_id, overrides, message) => {
    expect(() => createEvent(event(overrides) as never)).toThrow(expect.objectContaining({ name: 'InvalidEventInputError', message }));
  });

  const client = { send: async () => ({ FailedEntryCount: 0, Entries: [] }) };

  test.each([
    ['LIB-08', { maxAttempts: 0 }, 'publish() option maxAttempts = 0 is invalid: give a whole number from 1 to 100, or leave it out for the default'],
    ['LIB-10', { maxEntryBytes: 0 }, 'publish() option maxEntryBytes = 0 is invalid: give a whole number from 1 to 1048576, or leave it out for the default'],
    ['LIB-11', { baseDelayMs: -5 }, 'publish() option baseDelayMs = -5 is invalid: give a number of milliseconds, 0 or more, or leave it out for the default'],
  ])('%s: a publish() option out of range is InvalidPublishOptionError naming the option, the value and the range', (_id, options, message) => {
    expect(() => validatePublishOptions({ client, ...options } as never)).toThrow(expect.objectContaining({ name: 'InvalidPublishOptionError', message }));
  });

  test('LIB-09: an entry over maxEntryBytes is refused with its size and the limit, and nothing is sent', async () => {
    const sends: unknown[] = [];
    const recording = { send: async (command: unknown) => void sends.push(command) };
    const big = createEvent(event({ data: { blob: 'x'.repeat(2000) } }) as never);
    await expect(publish([big], { client: recording as never, maxEntryBytes: 1000 })).rejects.toThrow(
      /entry is \d+ bytes, over the 1000-byte PutEvents entry limit .*; publish a reference to the payload instead of the payload/,
    );
    expect(sends).toEqual([]);
  });

  test('LIB-04: the publish validator refuses data its schema refuses, naming each field and rule', () => {
    const detail = createEvent(event() as never).detail;
    expect(() => createPublishValidator(SCHEMA_REGISTRY).validate({ source: 'orders-service', detailType: 'OrderPlaced', detail })).toThrow(
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

describe('construct props at synth', () => {
  const consumer = (overrides: Partial<FifoConsumerProps>) => () => {
    const { stack, bus } = consumerTestStack();
    return new FifoConsumer(stack, 'Consumer', {
      bus,
      consumerName: 'inventory',
      eventPattern: { source: ['orders-service'], detailType: ['OrderPlaced'] },
      entry: FIXTURE_HANDLER,
      ...overrides,
    });
  };

  test('PROP-06: an ordering key with a typo names the construct path and the fields the schemas declare', () => {
    const attempt = consumer({ orderingKey: OrderingKey.jsonPath('$.detail.data.orderID') });
    expect(attempt).toThrow(InvalidOrderingKeyError);
    expect(attempt).toThrow(
      /^TestStack\/Consumer: ordering key "\$\.detail\.data\.orderID" is not usable: .*OrderPlaced v1 has no data\.orderID \(data declares orderId, .*Use a dotted JSON path/,
    );
  });

  test('PROP-07: an empty source list is refused at synth with the construct path and EventBridge\'s reason', () => {
    expect(consumer({ eventPattern: { source: [] } })).toThrow(
      /^TestStack\/Consumer: invalid eventPattern \{"source":\[\]\}: EventBridge refuses it \(Event pattern is not valid\. Reason: Empty arrays are not allowed\)\. Fix the pattern/,
    );
  });

  test('PROP-08: numeric [">>", "a"] is refused at synth with the construct path and EventBridge\'s reason', () => {
    const attempt = consumer({ eventPattern: { source: ['orders-service'], detail: { data: { totalCents: [{ numeric: ['>>', 'a'] }] } } } });
    expect(attempt).toThrow(InvalidPropError);
    expect(attempt).toThrow(/^TestStack\/Consumer: invalid eventPattern .*EventBridge refuses it \(Event pattern is not valid\. Reason: Unrecognized numeric range operator: >>\)/);
  });

  test('PROP-09: two consumers with one name are DuplicateConsumerNameError, not a construct-id clash', () => {
    const attempt = () => buildApp({ context: SKIP_BUNDLING, outdir: testOutdir(), consumers: [...consumers, { ...consumers[0]! }] });
    expect(attempt).toThrow(DuplicateConsumerNameError);
    expect(attempt).toThrow(/consumer name "inventory" is listed more than once; each consumer needs its own name \(it names the stack, queues and dashboard\)\. Rename one/);
  });

  test('PROP-10: a routerName that cannot name a stack or topic names the prop and the rule', () => {
    expect(() => buildApp({ context: SKIP_BUNDLING, outdir: testOutdir(), consumers: [], routerName: 'my.router' })).toThrow(
      /invalid routerName "my\.router": start with a letter and use at most 40 letters, digits or "-"/,
    );
  });

  test.each([
    ['PROP-11', { gapTimeout: Duration.seconds(30) }, /^TestStack\/Consumer: invalid gapTimeout \(seconds\) 30: must be a whole number from 60 to 1209600/],
    ['PROP-12', { onGap: 'drop' as never }, /invalid onGap "drop": use 'wait' \(held events wait for the missing ones\) or 'skip'/],
    ['PROP-13', { maxAttempts: 0 }, /^TestStack\/Consumer: invalid maxAttempts 0: must be a whole number from 1 to 100/],
  ])('%s: an ordering prop out of range names the construct, the prop, the value and the range', (_id, overrides, message) => {
    expect(consumer(overrides as Partial<FifoConsumerProps>)).toThrow(message);
  });

  const bus = (props: object) => () => new RouterBus(new Stack(new App({ outdir: testOutdir() }), 'BusStack'), 'RouterBus', { eventBusName: 'event-router', ...props });

  test('PROP-14: a publisher account that is not 12 digits is refused, naming the entry', () => {
    const attempt = bus({ publishers: [{ account: '12345', sources: ['orders-service'] }] });
    expect(attempt).toThrow(InvalidPublisherPolicyError);
    expect(attempt).toThrow(/^BusStack\/RouterBus: publishers\[0\]\.account: "12345" is not a 12-digit AWS account id/);
  });

  test('PROP-15: a publisher with no sources is refused: it could forge any source', () => {
    expect(bus({ publishers: [{ account: '111111111111', sources: [] }] })).toThrow(
      /publishers\[0\]\.sources: list the event sources this publisher may publish \(e\.g\. \["orders-service"\]\); a publisher without sources could forge any/,
    );
  });

  test('PROP-16: an outbox sweepAfter outside a minute to a day names the prop and the range', () => {
    const outbox = (sweepAfter: Duration) => () => {
      const { stack, bus: eventBus } = consumerTestStack();
      return new Outbox(stack, 'Outbox', { bus: eventBus, sources: ['orders-service'], publisherEntry: FIXTURE_HANDLER, sweeperEntry: FIXTURE_HANDLER, sweepAfter });
    };
    expect(outbox(Duration.seconds(5))).toThrow(/^TestStack\/Outbox: invalid sweepAfter \(seconds\) 5: must be a whole number from 60 to 86400/);
    expect(outbox(Duration.days(2))).toThrow(/invalid sweepAfter \(seconds\) 172800/);
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
