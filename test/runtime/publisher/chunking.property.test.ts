import fc from 'fast-check';
import type { PutEventsCommand, PutEventsCommandOutput, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { entrySize, publish } from '../../../runtime/publisher/index';
import type { PutEventsSender } from '../../../runtime/publisher/index';

/** A fake bus that accepts everything except the entries `fails` picks, once. */
function fakeBus(failOnce: Set<number>) {
  const calls: PutEventsRequestEntry[][] = [];
  const sender: PutEventsSender = {
    async send(command: PutEventsCommand) {
      const entries = command.input.Entries ?? [];
      calls.push(entries);
      return {
        $metadata: {},
        Entries: entries.map((entry, i) => {
          const id = JSON.parse(entry.Detail!).n as number;
          if (failOnce.delete(id)) return { ErrorCode: 'ThrottlingException', ErrorMessage: 'x' };
          return { EventId: `eb-${calls.length}-${i}` };
        }),
      } as PutEventsCommandOutput;
    },
  };
  return { sender, calls };
}

test('property: every call has <= 10 entries within the byte limit, and each event is accepted exactly once in order', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ size: fc.nat({ max: 4000 }), text: fc.string({ unit: 'grapheme', maxLength: 20 }), fail: fc.boolean() }), {
        minLength: 1,
        maxLength: 60,
      }),
      fc.integer({ min: 4200, max: 20_000 }),
      async (specs, maxBytes) => {
        const failOnce = new Set(specs.flatMap((s, n) => (s.fail ? [n] : [])));
        const { sender, calls } = fakeBus(failOnce);
        const events = specs.map((s, n) => ({ source: 'src', detailType: s.text || 'T', detail: { n, pad: 'é'.repeat(s.size / 2) } }));
        const outcome = await publish(events, { client: sender, maxEntryBytes: maxBytes, sleep: async () => undefined, baseDelayMs: 1 });
        for (const call of calls) {
          expect(call.length).toBeLessThanOrEqual(10);
          expect(call.reduce((sum, e) => sum + entrySize(e), 0)).toBeLessThanOrEqual(maxBytes);
        }
        expect(outcome.published.map((p) => p.index)).toEqual(specs.map((_, i) => i));
      },
    ),
    { numRuns: 150 },
  );
});

test('entrySize counts Time as 14 bytes and strings as UTF-8 bytes', () => {
  expect(entrySize({ Source: 'é', DetailType: 'ab', Detail: '{}', Resources: ['r'], Time: new Date() })).toBe(14 + 2 + 2 + 2 + 1);
  expect(entrySize({ Source: 'a', DetailType: 'b', Detail: '{}' })).toBe(4);
});
