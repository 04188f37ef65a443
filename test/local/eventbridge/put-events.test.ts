import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  applyTarget,
  entrySize,
  PutEventsValidationError,
  validatePutEvents,
  type PutEventsEntryInput,
} from '../../../local/eventbridge/index';

describe('entry size, as AWS documents it', () => {
  test('counts UTF-8 bytes of Source, DetailType, Detail and each resource', () => {
    expect(entrySize({ Source: 'é', DetailType: 'ab', Detail: '{"k":"🚀"}', Resources: ['arn:1', 'ü'] })).toBe(2 + 2 + 12 + 5 + 2);
  });

  test('adds 14 bytes when Time is set', () => {
    expect(entrySize({ Source: 's', DetailType: 'd', Detail: '{}', Time: new Date() })).toBe(1 + 1 + 2 + 14);
  });

  test('the limit applies to the sum of the entries, not to each', () => {
    const entry = { Source: 's', DetailType: 'd', Detail: JSON.stringify({ p: 'x'.repeat(60) }) };
    const size = entrySize(entry);
    expect(() => validatePutEvents({ Entries: [entry, entry] }, { maxEntrySizeBytes: size * 2 })).not.toThrow();
    expect(() => validatePutEvents({ Entries: [entry, entry] }, { maxEntrySizeBytes: size * 2 - 1 })).toThrow(
      'Total size of the entries in the request is over the limit.',
    );
  });
});

describe('per-entry checks', () => {
  test('a missing field is reported before a malformed detail, Source first', () => {
    const { response } = validatePutEvents({ Entries: [{ Detail: 'not json' }] });
    expect(response.Entries).toEqual([
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
    ]);
  });

  test('a custom event may not claim an aws.* source', () => {
    const { response } = validatePutEvents({ Entries: [{ Source: 'aws.s3', DetailType: 'd', Detail: '{}' }] });
    expect(response.Entries).toEqual([{ ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' }]);
  });

  test('Resources are delivered as given, and default to an empty list', () => {
    const { accepted } = validatePutEvents({
      Entries: [
        { Source: 's', DetailType: 'd', Detail: '{}', Resources: ['arn:aws:s3:::b'] },
        { Source: 's', DetailType: 'd', Detail: '{}' },
      ],
    });
    expect(accepted.map((a) => a.event.resources)).toEqual([['arn:aws:s3:::b'], []]);
  });
});

describe('target input', () => {
  const event = { version: '0', id: 'e', source: 's', 'detail-type': 'd', detail: { a: { b: 1 } } };

  test('a constant Input replaces the event', () => {
    expect(applyTarget({ Input: '{"fixed":true}' }, event)).toBe('{"fixed":true}');
  });

  test('InputPath reads bracket and index steps', () => {
    expect(applyTarget({ InputPath: "$['detail'].a" }, event)).toBe('{"b":1}');
  });

  test('InputPath that resolves to nothing delivers nothing', () => {
    expect(applyTarget({ InputPath: '$.detail.missing' }, event)).toBeUndefined();
  });
});

// PutEvents bodies come from outside; whatever they hold, the answer is AWS's shape, never a crash.
const text = fc.oneof(fc.string(), fc.constant(''), fc.json());
const entry: fc.Arbitrary<PutEventsEntryInput> = fc.record(
  { Source: text, DetailType: text, Detail: text, Resources: fc.array(fc.string(), { maxLength: 2 }), EventBusName: fc.string() },
  { requiredKeys: [] },
);

describe('PutEvents property', () => {
  test('every entry gets exactly one result, in order, and only valid entries are accepted', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (entries) => {
        let result: ReturnType<typeof validatePutEvents>;
        try {
          result = validatePutEvents({ Entries: entries });
        } catch (error) {
          expect(error).toBeInstanceOf(PutEventsValidationError);
          // Whole-call refusals: the entry count, or an EventBusName outside AWS's constraint (empty included).
          const badBus = entries.some((e) => e.EventBusName !== undefined && !/^[.\-_A-Za-z0-9]+$/.test(e.EventBusName));
          expect(entries.length === 0 || entries.length > 10 || badBus).toBe(true);
          return;
        }
        expect(result.response.Entries).toHaveLength(entries.length);
        expect(result.response.FailedEntryCount + result.accepted.length).toBe(entries.length);
        for (const { index, event } of result.accepted) {
          expect(result.response.Entries[index]).toEqual({ EventId: event.id });
          expect(event.source).toBe(entries[index]?.Source);
          expect(typeof event.detail === 'object' && !Array.isArray(event.detail)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
