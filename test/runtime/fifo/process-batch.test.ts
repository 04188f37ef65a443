import { processFifoBatch } from '../../../runtime/fifo/index';
import { sqsRecord } from '../support/sqs-records';

const ok = { ok: true } as const;

test('a failure fails that message and every later message of its group; other groups go on', async () => {
  const records = [
    sqsRecord('a1', 'A', 'a1'),
    sqsRecord('b1', 'B', 'b1'),
    sqsRecord('a2', 'A', 'a2'),
    sqsRecord('b2', 'B', 'b2'),
    sqsRecord('a3', 'A', 'a3'),
  ];
  const seen: string[] = [];
  const response = await processFifoBatch(records, async (record) => {
    seen.push(record.messageId);
    return record.messageId === 'a2' ? { ok: false, error: new Error('boom') } : ok;
  });
  expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'a2' }, { itemIdentifier: 'a3' }] });
  expect(seen).not.toContain('a3');
  expect(seen).toEqual(expect.arrayContaining(['a1', 'a2', 'b1', 'b2']));
});

test('messages of one group run strictly in order, one at a time', async () => {
  const records = Array.from({ length: 6 }, (_, i) => sqsRecord(String(i), 'G', `m${i}`));
  const order: string[] = [];
  let inFlight = 0;
  await processFifoBatch(records, async (record) => {
    inFlight += 1;
    expect(inFlight).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2));
    order.push(record.messageId);
    inFlight -= 1;
    return ok;
  });
  expect(order).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
});

test('different groups run in parallel, bounded by concurrency', async () => {
  const records = Array.from({ length: 10 }, (_, i) => sqsRecord(String(i), `G${i}`));
  let inFlight = 0;
  let peak = 0;
  await processFifoBatch(
    records,
    async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return ok;
    },
    { concurrency: 3 },
  );
  expect(peak).toBe(3);
});

test('a thrown error counts as a failure of that message', async () => {
  const records = [sqsRecord('x', 'A', 'x1'), sqsRecord('y', 'A', 'x2')];
  const response = await processFifoBatch(records, async () => {
    throw new Error('unexpected');
  });
  expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['x1', 'x2']);
});

test('records without a group id (standard queue) fail alone', async () => {
  const records = [sqsRecord('x', undefined, 's1'), sqsRecord('y', undefined, 's2')];
  const response = await processFifoBatch(records, async (r) => (r.messageId === 's1' ? { ok: false, error: new Error('x') } : ok));
  expect(response.batchItemFailures).toEqual([{ itemIdentifier: 's1' }]);
});
