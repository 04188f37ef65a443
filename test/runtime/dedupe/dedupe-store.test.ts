import { BatchGetItemCommand, DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DedupeStore, DedupeStoreError, TransactionalWriteError } from '../../../runtime/dedupe/index';

const mock = mockClient(DynamoDBClient);
afterEach(() => mock.reset());

test('unprocessed BatchGetItem keys are asked again until answered', async () => {
  const mocked = new DynamoDBClient({ region: 'us-east-1' });
  mock
    .on(BatchGetItemCommand)
    .resolvesOnce({ Responses: { d: [] }, UnprocessedKeys: { d: { Keys: [{ pk: { S: 'c#b' } }] } } })
    .resolvesOnce({ Responses: { d: [{ pk: { S: 'c#b' } }] } });
  const store = new DedupeStore({ client: mocked, tableName: 'd', consumerName: 'c' });
  expect([...(await store.findProcessed(['a', 'b'])).keys()]).toEqual(['b']);
  expect(mock.commandCalls(BatchGetItemCommand)).toHaveLength(2);
});

test('a DynamoDB outage surfaces as DedupeStoreError naming the table', async () => {
  const mocked = new DynamoDBClient({ region: 'us-east-1' });
  mock.on(BatchGetItemCommand).rejects(new Error('connection refused'));
  const store = new DedupeStore({ client: mocked, tableName: 'dedupe-table', consumerName: 'c' });
  await expect(store.findProcessed(['a'])).rejects.toThrow(DedupeStoreError);
  await expect(store.findProcessed(['a'])).rejects.toThrow(/dedupe-table/);
});

test('a conditional-check failure on the marker means someone else processed the event', async () => {
  const mocked = new DynamoDBClient({ region: 'us-east-1' });
  mock.on(PutItemCommand).rejects(Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }));
  const store = new DedupeStore({ client: mocked, tableName: 'd', consumerName: 'c' });
  expect(await store.markProcessed({ idempotencyKey: 'e1' })).toBe('already-marked');
});

test('markers are keyed by consumer name and idempotency key', () => {
  const store = new DedupeStore({ client: new DynamoDBClient({ region: 'us-east-1' }), tableName: 'd', consumerName: 'billing' });
  expect(store.keyFor('01J8XK')).toBe('billing#01J8XK');
});

const canceled = (...codes: string[]) =>
  Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });
const write = { Put: { TableName: 'state', Item: { pk: { S: 'x' }, sk: { S: 'y' } } } };

test('a transaction conflict with a parallel writer is retried; nothing had been applied', async () => {
  const mocked = new DynamoDBClient({ region: 'us-east-1' });
  mock.on(TransactWriteItemsCommand).rejectsOnce(canceled('TransactionConflict', 'None')).resolves({});
  const store = new DedupeStore({ client: mocked, tableName: 'd', consumerName: 'c' });
  expect(await store.commitWithMarker({ idempotencyKey: 'e1' }, [write])).toBe('marked');
  expect(mock.commandCalls(TransactWriteItemsCommand)).toHaveLength(2);
});

test('a failed condition of the marker means the event was processed: none of the writes applied', async () => {
  const mocked = new DynamoDBClient({ region: 'us-east-1' });
  mock.on(TransactWriteItemsCommand).rejects(canceled('None', 'ConditionalCheckFailed'));
  const store = new DedupeStore({ client: mocked, tableName: 'd', consumerName: 'c' });
  expect(await store.commitWithMarker({ idempotencyKey: 'e1' }, [write])).toBe('already-marked');
});

test("a failed condition of the handler's own write is a TransactionalWriteError naming writes[i]", async () => {
  const mocked = new DynamoDBClient({ region: 'us-east-1' });
  mock.on(TransactWriteItemsCommand).rejects(canceled('ConditionalCheckFailed', 'None'));
  const store = new DedupeStore({ client: mocked, tableName: 'd', consumerName: 'c' });
  const error = await store.commitWithMarker({ idempotencyKey: 'e1' }, [write]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TransactionalWriteError);
  expect((error as Error).message).toContain('writes[0] ConditionalCheckFailed');
});
