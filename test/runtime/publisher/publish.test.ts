import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsCommandInput, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { createEvent } from '../../../runtime/envelope/index';
import { EventsRejectedError, PublishFailedError, entrySize, publish } from '../../../runtime/publisher/index';

const ebMock = mockClient(EventBridgeClient);
const client = new EventBridgeClient({ region: 'us-east-1' });
const instant = { sleep: async () => undefined, baseDelayMs: 1 };

const events = (n: number, data: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) =>
    createEvent({ source: 'orders-service', detailType: 'OrderPlaced', eventType: 'order.placed', data: { i, ...data } }),
  );

const accepted = (input: PutEventsCommandInput): PutEventsResultEntry[] =>
  (input.Entries ?? []).map((_, i) => ({ EventId: `eb-${i}-${Math.random()}` }));

beforeEach(() => ebMock.reset());

test('25 events go out in 3 calls of at most 10 entries, results in input order', async () => {
  ebMock.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({ FailedEntryCount: 0, Entries: accepted(input) }));
  const input = events(25);
  const outcome = await publish(input, { client, eventBusName: 'bus', ...instant });
  const calls = ebMock.commandCalls(PutEventsCommand);
  expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 10, 5]);
  expect(outcome.published.map((p) => p.eventId)).toEqual(input.map((e) => (e.detail as { metadata: { eventId: string } }).metadata.eventId));
  expect(calls[0]!.args[0].input.Entries![0]!.EventBusName).toBe('bus');
});

test('calls are split so that their summed entry size stays within the limit', async () => {
  ebMock.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({ FailedEntryCount: 0, Entries: accepted(input) }));
  const input = events(6, { padding: 'x'.repeat(90_000) });
  await publish(input, { client, maxEntryBytes: 262_144, ...instant });
  for (const call of ebMock.commandCalls(PutEventsCommand)) {
    const total = call.args[0].input.Entries!.reduce((sum, entry) => sum + entrySize(entry), 0);
    expect(total).toBeLessThanOrEqual(262_144);
  }
  expect(ebMock.commandCalls(PutEventsCommand)).toHaveLength(3);
});

test('only the failed entries are retried, and every event ends published', async () => {
  let call = 0;
  ebMock.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
    call += 1;
    const entries = accepted(input);
    if (call === 1) {
      entries[2] = { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' };
      entries[7] = { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' };
    }
    return { FailedEntryCount: call === 1 ? 2 : 0, Entries: entries };
  });
  const input = events(10);
  const retried: number[] = [];
  const outcome = await publish(input, { client, ...instant, onRetry: (n) => retried.push(n) });
  const second = ebMock.commandCalls(PutEventsCommand)[1]!.args[0].input.Entries!;
  expect(second.map((e) => JSON.parse(e.Detail!).data.i)).toEqual([2, 7]);
  expect(outcome.published).toHaveLength(10);
  expect(outcome.retries).toBe(2);
  expect(retried).toEqual([2]);
});

test('a non-retryable entry error ends in PublishFailedError naming the event and code; the others are published', async () => {
  ebMock.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
    const entries = accepted(input);
    entries[1] = { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    return { FailedEntryCount: 1, Entries: entries };
  });
  const input = events(3);
  const error = await publish(input, { client, ...instant }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PublishFailedError);
  const failed = (error as PublishFailedError).failed;
  expect(failed).toEqual([expect.objectContaining({ index: 1, errorCode: 'MalformedDetail', attempts: 1 })]);
  expect((error as PublishFailedError).published.map((p) => p.index)).toEqual([0, 2]);
  expect((error as Error).message).toContain((input[1]!.detail as { metadata: { eventId: string } }).metadata.eventId);
  expect(ebMock.commandCalls(PutEventsCommand)).toHaveLength(1);
});

test('a retryable error that persists fails after maxAttempts calls and is never reported published', async () => {
  ebMock.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({
    FailedEntryCount: 1,
    Entries: (input.Entries ?? []).map(() => ({ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' })),
  }));
  const error = (await publish(events(1), { client, maxAttempts: 3, ...instant }).catch((e: unknown) => e)) as PublishFailedError;
  expect(error.failed[0]).toMatchObject({ errorCode: 'ThrottlingException', attempts: 3 });
  expect(error.published).toHaveLength(0);
  expect(ebMock.commandCalls(PutEventsCommand)).toHaveLength(3);
});

test('a thrown retryable call error retries the whole call', async () => {
  const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
  ebMock
    .on(PutEventsCommand)
    .rejectsOnce(throttled)
    .callsFake((input: PutEventsCommandInput) => ({ FailedEntryCount: 0, Entries: accepted(input) }));
  const outcome = await publish(events(4), { client, ...instant });
  expect(outcome.published).toHaveLength(4);
  expect(outcome.putEventsCalls).toBe(2);
});

test('oversize and malformed events are refused before any call, naming each event and the limit', async () => {
  const input = [...events(1), ...events(1, { padding: 'x'.repeat(300_000) }), { source: 'a', detailType: 'b', detail: '[1,2]' }];
  const error = await publish(input, { client, maxEntryBytes: 262_144 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EventsRejectedError);
  expect((error as EventsRejectedError).rejected.map((r) => r.index)).toEqual([1, 2]);
  expect((error as Error).message).toMatch(/event #1 \(eventId \w{26}\): entry is \d+ bytes, over the 262144-byte/);
  expect((error as Error).message).toMatch(/event #2: detail must be a JSON object/);
  expect(ebMock.commandCalls(PutEventsCommand)).toHaveLength(0);
});

test('a validator rejection refuses the event before any call; skipValidation bypasses it', async () => {
  ebMock.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({ FailedEntryCount: 0, Entries: accepted(input) }));
  const validator = {
    validate() {
      throw new Error('data.currency is required');
    },
  };
  await expect(publish(events(1), { client, validator })).rejects.toThrow(/schema validation failed: data.currency is required/);
  expect(ebMock.commandCalls(PutEventsCommand)).toHaveLength(0);
  await expect(publish(events(1), { client, validator, skipValidation: true })).resolves.toMatchObject({ putEventsCalls: 1 });
});

test('with an ordering key, a later event of the same key waits for the earlier one and is not sent if it fails', async () => {
  ebMock.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
    const entries = (input.Entries ?? []).map((entry, i) =>
      JSON.parse(entry.Detail!).data.i === 0 ? { ErrorCode: 'InvalidArgument', ErrorMessage: 'bad' } : { EventId: `eb-${i}` },
    );
    return { FailedEntryCount: 1, Entries: entries };
  });
  const input = events(4);
  const keys = ['a', 'b', 'a', 'c'];
  const error = (await publish(input, { client, orderingKey: (_e, i) => keys[i], ...instant }).catch((e: unknown) => e)) as PublishFailedError;
  const first = ebMock.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries!.map((e) => JSON.parse(e.Detail!).data.i);
  expect(first).toEqual([0, 1, 3]);
  expect(error.failed.map((f) => [f.index, f.errorCode])).toEqual([
    [0, 'InvalidArgument'],
    [2, 'BlockedByEarlierFailure'],
  ]);
  expect(error.published.map((p) => p.index)).toEqual([1, 3]);
});
