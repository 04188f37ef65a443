import fc from 'fast-check';
import { processFifoBatch } from '../../../runtime/fifo/index';
import { sqsRecord } from '../support/sqs-records';

test('property: per group, messages run in order and the failures reported are exactly the suffix from the first failure', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ group: fc.constantFrom('A', 'B', 'C', 'D'), fails: fc.boolean() }), { minLength: 1, maxLength: 10 }),
      fc.integer({ min: 1, max: 4 }),
      async (messages, concurrency) => {
        const records = messages.map((m, i) => sqsRecord(`${i}`, m.group, `m${i}`));
        const ran: number[] = [];
        const response = await processFifoBatch(
          records,
          async (record) => {
            const i = Number(record.body);
            ran.push(i);
            await Promise.resolve();
            return messages[i]!.fails ? { ok: false, error: new Error('x') } : { ok: true };
          },
          { concurrency },
        );
        const failed = new Set(response.batchItemFailures.map((f) => Number(f.itemIdentifier.slice(1))));
        for (const group of new Set(messages.map((m) => m.group))) {
          const indexes = messages.flatMap((m, i) => (m.group === group ? [i] : []));
          const firstFailure = indexes.findIndex((i) => messages[i]!.fails);
          const expectedFailed = firstFailure === -1 ? [] : indexes.slice(firstFailure);
          const expectedRan = firstFailure === -1 ? indexes : indexes.slice(0, firstFailure + 1);
          expect(indexes.filter((i) => failed.has(i))).toEqual(expectedFailed);
          expect(ran.filter((i) => messages[i]!.group === group)).toEqual(expectedRan);
        }
      },
    ),
    { numRuns: 300 },
  );
});
