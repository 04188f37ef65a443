import { describe, expect, test } from '@jest/globals';
import { applyTarget, RuleSet, validatePutEvents, type PutEventsEntryInput } from '../../../local/eventbridge/index';
import { readSnapshot } from './conformance';

/**
 * AWS-recorded deliveries: a rule with an SQS target, events put on the bus, the SQS bodies AWS
 * delivered. Here: PutEvents validation, the rule set, then the target's InputPath, as the local
 * bus chains them. Inputs are those of LocalStack's AWS-validated tests.
 */
function deliver(pattern: unknown, entries: PutEventsEntryInput[], inputPath?: string): unknown[] {
  const rules = new RuleSet([{ name: 'rule', pattern }]);
  const { accepted } = validatePutEvents({ Entries: entries }, { account: '111111111111', region: 'us-east-1' });
  return accepted
    .filter(({ event }) => rules.match(event).length > 0)
    .map(({ event }) => JSON.parse(applyTarget(inputPath === undefined ? {} : { InputPath: inputPath }, event) as string));
}

/** Recorded bodies, with the fields AWS varies per run replaced as the snapshot replaced them. */
function recordedBodies(file: string, id: string, key: string): unknown[] {
  const content = readSnapshot(file)[id];
  if (content === undefined) throw new Error(`snapshot has no ${id}`);
  return (content[key] as { Body: unknown }[]).map((m) => m.Body);
}

function normalized(bodies: unknown[]): unknown[] {
  // The snapshot numbers uuids in reading order: each message's MessageId, then its event id.
  let uuid = 0;
  return bodies.map((b) => {
    const body = b as Record<string, unknown>;
    if (!('version' in body)) return body;
    uuid += 2;
    return { ...body, id: `<uuid:${uuid}>`, time: 'date', region: '<region>' };
  });
}

const entry = (detail: unknown, source = 'core.update-account-command'): PutEventsEntryInput => ({
  Source: source,
  DetailType: source,
  Detail: JSON.stringify(detail),
});

describe('rules and targets (test_events.snapshot.json)', () => {
  const file = 'test_events.snapshot.json';
  const prefix = 'tests/aws/services/events/test_events.py::TestEventPattern::';

  test('test_put_events_pattern_with_values_in_array: any element of an event array matches', () => {
    const pattern = { detail: { event: { data: { type: ['1', '2'] } } } };
    const bodies = deliver(
      pattern,
      [
        entry({ event: { data: { type: ['3', '1'] } } }, 'test'),
        entry({ event: { data: { type: ['2'] } } }, 'test'),
        entry({ event: { data: { type: ['3'] } } }, 'test'),
      ],
      '$.detail',
    );
    expect(bodies).toEqual(recordedBodies(file, `${prefix}test_put_events_pattern_with_values_in_array`, 'messages'));
  });

  test('test_put_events_pattern_nested: nested fields match exactly', () => {
    const pattern = { detail: { event: { data: { type: ['1'] } } } };
    const bodies = deliver(
      pattern,
      [entry({ event: { data: { type: '1' } } }, 'test'), entry({ event: { data: { type: '2' } } }, 'test'), entry({ hello: 'world' }, 'test')],
      '$.detail',
    );
    expect(bodies).toEqual(recordedBodies(file, `${prefix}test_put_events_pattern_nested`, 'messages'));
  });

  test.each([
    ['2022-01-01'],
    ['01-01-2022T00:00:00Z'],
    ['2022-01-01 00:00:00Z'],
  ])('TestEvents::test_put_events_time: Time %s is delivered as 2022-01-01T00:00:00Z', (time) => {
    const { accepted } = validatePutEvents({ Entries: [{ ...entry({ message: 'x' }), Time: time }] });
    expect(accepted[0]?.event.time).toBe('2022-01-01T00:00:00Z');
  });

  test('a Time that is no timestamp refuses the call instead of being replaced by now', () => {
    expect(() => validatePutEvents({ Entries: [{ ...entry({}), Time: 'yesterday-ish' }] })).toThrow(
      'Entries[0].Time "yesterday-ish" is not a timestamp',
    );
  });
});

describe('rules with patterns (test_events_patterns.snapshot.json)', () => {
  const file = 'test_events_patterns.snapshot.json';
  const prefix = 'tests/aws/services/events/test_events_patterns.py::TestRuleWithPattern::';
  const base = { source: ['core.update-account-command'], 'detail-type': ['core.update-account-command'] };

  test('test_put_events_with_rule_pattern_anything_but: null passes anything-but', () => {
    const bodies = deliver({ ...base, detail: { command: [{ 'anything-but': ['no-message'] }] } }, [
      entry({ command: 'display-message', payload: 'baz' }),
      entry({ command: null, payload: 'baz' }),
      entry({ command: 'no-message', payload: 'baz' }),
    ]);
    expect(normalized(bodies)).toEqual(recordedBodies(file, `${prefix}test_put_events_with_rule_pattern_anything_but`, 'rule-anything-but'));
  });

  test.each([
    ['test_put_events_with_rule_pattern_exists_true', 'rule-exists-true', true],
    ['test_put_events_with_rule_pattern_exists_false', 'rule-exists-false', false],
  ])('%s', (name, key, exists) => {
    const bodies = deliver({ ...base, detail: { key: [{ exists }] } }, [
      entry({ key: 'value', payload: 'baz' }),
      entry({ 'no-key': 'no-value', payload: 'baz' }),
    ]);
    expect(normalized(bodies)).toEqual(recordedBodies(file, `${prefix}${name}`, key));
  });
});
