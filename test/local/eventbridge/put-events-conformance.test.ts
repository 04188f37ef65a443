import { describe, expect, test } from '@jest/globals';
import {
  LEGACY_MAX_ENTRY_SIZE_BYTES,
  PutEventsValidationError,
  validatePutEvents,
  type PutEventsEntryInput,
} from '../../../local/eventbridge/index';
import { readSnapshot } from './conformance';

const snapshot = readSnapshot('test_events.snapshot.json');
const recorded = (test: string, key: string): Record<string, unknown> => {
  const content = snapshot[`tests/aws/services/events/test_events.py::${test}`];
  if (content === undefined) throw new Error(`snapshot has no ${test}`);
  return content[key] as Record<string, unknown>;
};
/** The PutEvents response without boto's ResponseMetadata. */
const responseOf = (test: string): unknown => {
  const { ResponseMetadata: _metadata, ...rest } = recorded(test, 'put-events');
  return rest;
};
const errorOf = (test: string, key: string): { Code: string; Message: string } =>
  recorded(test, key).Error as { Code: string; Message: string };

// The inputs LocalStack's AWS-validated tests sent (tests/aws/services/events/test_events.py).
const SOURCE = 'core.update-account-command';
const DETAIL = JSON.stringify({ command: 'update-account', payload: { acc_id: '0a787ecb-4015', sf_id: 'baz' } });
// Python's json.dumps spacing, as the recorded error message quotes the entries verbatim.
const PY_DETAIL = '{"command": "update-account", "payload": {"acc_id": "0a787ecb-4015", "sf_id": "baz"}}';

function caught(fn: () => unknown): PutEventsValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PutEventsValidationError) return error;
    throw error;
  }
  throw new Error('expected a PutEventsValidationError');
}

describe('PutEvents per-entry validation (test_events.snapshot.json)', () => {
  const perEntryCases: [string, PutEventsEntryInput][] = [
    ['TestEvents::test_put_events_without_source', { DetailType: SOURCE, Detail: DETAIL }],
    ['TestEvents::test_put_event_without_detail', { Source: SOURCE, DetailType: SOURCE }],
    ['TestEvents::test_put_event_without_detail_type', { Source: 'some.source', Detail: DETAIL, DetailType: '' }],
    ['TestEvents::test_put_event_malformed_detail[STRING]', { Source: SOURCE, DetailType: SOURCE, Detail: 'NotJSON' }],
    ['TestEvents::test_put_event_malformed_detail[ARRAY]', { Source: SOURCE, DetailType: SOURCE, Detail: '[]' }],
    ['TestEvents::test_put_event_malformed_detail[MALFORMED_JSON]', { Source: SOURCE, DetailType: SOURCE, Detail: '{{}' }],
    [
      'TestEvents::test_put_event_malformed_detail[SERIALIZED_STRING]',
      { Source: SOURCE, DetailType: SOURCE, Detail: JSON.stringify('NotJSON') },
    ],
  ];
  test.each(perEntryCases)('%s', (name, entry) => {
    const { response, accepted } = validatePutEvents({ Entries: [entry] });
    expect(response).toEqual(responseOf(name));
    expect(accepted).toEqual([]);
  });
});

describe('PutEvents whole-call validation (test_events.snapshot.json)', () => {
  test.each(['custom', 'default'])('TestEvents::test_put_events_exceed_limit_ten_entries[%s]', (variant) => {
    const entries = Array.from({ length: 11 }, () => ({
      Source: SOURCE,
      DetailType: SOURCE,
      Detail: PY_DETAIL,
      EventBusName: '<bus-name>',
    }));
    const error = caught(() => validatePutEvents({ Entries: entries }));
    const expected = errorOf(`TestEvents::test_put_events_exceed_limit_ten_entries[${variant}]`, 'put-events-exceed-limit-error');
    expect(error.code).toBe(expected.Code);
    expect(error.message).toBe(expected.Message);
  });

  test('TestEvents::test_put_event_with_too_big_detail (256 KiB limit of the recording)', () => {
    const detail = JSON.stringify({ payload: ['p'.repeat(256 * 1024 - 17)] }).replace('{"payload":[', '{"payload": [');
    const error = caught(() =>
      validatePutEvents(
        { Entries: [{ Source: SOURCE, DetailType: SOURCE, Detail: detail }] },
        { maxEntrySizeBytes: LEGACY_MAX_ENTRY_SIZE_BYTES },
      ),
    );
    const expected = errorOf('TestEvents::test_put_event_with_too_big_detail', 'put-events-too-big-detail-error');
    expect([error.code, error.message]).toEqual([expected.Code, expected.Message]);
  });

  test('the same entry fits under the current 1 MiB default limit', () => {
    const detail = JSON.stringify({ payload: ['p'.repeat(256 * 1024)] });
    const { response } = validatePutEvents({ Entries: [{ Source: SOURCE, DetailType: SOURCE, Detail: detail }] });
    expect(response.FailedEntryCount).toBe(0);
  });

  test('an empty entry list is a ValidationException', () => {
    const error = caught(() => validatePutEvents({ Entries: [] }));
    expect(error.message).toBe(
      "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
});

describe('delivered envelope (test_events.snapshot.json)', () => {
  const fixed = { account: '111111111111', region: 'us-east-1', now: () => new Date('2026-11-23T10:30:42.123Z') };

  test('TestEvents::test_put_events_with_time_field: envelope keys, order and values', () => {
    const [message] = recorded('TestEvents::test_put_events_with_time_field', 'sqs-messages') as unknown as {
      Body: Record<string, unknown>;
    }[];
    const { accepted, response } = validatePutEvents(
      { Entries: [{ Source: 'test-source', DetailType: 'test-detail-type', Detail: JSON.stringify({ message: 'test message' }) }] },
      { ...fixed, newId: () => 'id-1' },
    );
    expect(response).toEqual({ FailedEntryCount: 0, Entries: [{ EventId: 'id-1' }] });
    const event = accepted[0]?.event as unknown as Record<string, unknown>;
    expect(Object.keys(event)).toEqual(Object.keys(message?.Body ?? {}));
    expect({ ...event, id: '<uuid:1>', time: 'date', region: '<region>' }).toEqual(message?.Body);
  });

  test('time has second precision and no fraction', () => {
    const { accepted } = validatePutEvents({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}' }] }, fixed);
    expect(accepted[0]?.event.time).toBe('2026-11-23T10:30:42Z');
  });

  test.each([
    ['an ISO date', '2022-01-01'],
    ['epoch seconds as sent on the wire', 1640995200],
    ['a Date from SDK input', new Date('2022-01-01T00:00:00.900Z')],
  ])('TestEvents::test_put_events_time: Time given as %s is delivered as 2022-01-01T00:00:00Z', (_label, time) => {
    const { accepted } = validatePutEvents({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}', Time: time }] }, fixed);
    expect(accepted[0]?.event.time).toBe('2022-01-01T00:00:00Z');
  });

  test('TestEvents::test_put_events_response_entries_order: the response EventId is the delivered id', () => {
    const ids = ['a', 'b', 'c'];
    const { response, accepted } = validatePutEvents(
      {
        Entries: [
          { Source: 's', DetailType: 'd', Detail: '{}' },
          { Source: 's', DetailType: 'd', Detail: 'nope' },
          { Source: 's', DetailType: 'd', Detail: '{}', EventBusName: 'arn:aws:events:us-east-1:111111111111:event-bus/orders' },
        ],
      },
      { ...fixed, newId: () => ids.shift() as string },
    );
    expect(response).toEqual({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'a' }, { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }, { EventId: 'b' }],
    });
    expect(accepted.map((a) => [a.index, a.eventBusName, a.event.id])).toEqual([
      [0, 'default', 'a'],
      [2, 'orders', 'b'],
    ]);
  });
});
