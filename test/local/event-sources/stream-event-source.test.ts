import { CreateTableCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { compilePattern } from '../../../local/eventbridge';
import { compileFilterCriteria, DynamoDbStreamEventSource, type DynamoDbEventRecord, type Invoker } from '../../../local/event-sources';
import { startSqs, type LocalSqs } from '../../../local/sqs';

const STREAM_ARN = (table: string) => `arn:aws:dynamodb:us-east-1:000000000000:table/${table}/stream/local`;
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:publisher';

/** A function that records each batch's item ids and answers with `respond`. */
function recorder(respond: (records: DynamoDbEventRecord[], call: number) => unknown): Invoker & { batches: DynamoDbEventRecord[][]; ids(): string[][] } {
  const batches: DynamoDbEventRecord[][] = [];
  return {
    name: 'publisher',
    batches,
    ids: () => batches.map((b) => b.map((r) => (r.dynamodb.Keys as { pk: { S: string } }).pk.S)),
    async invoke(event: unknown) {
      const records = (event as { Records: DynamoDbEventRecord[] }).Records;
      batches.push(records);
      return respond(records, batches.length);
    },
  };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const idOf = (r: DynamoDbEventRecord) => (r.dynamodb.Keys as { pk: { S: string } }).pk.S;

describe('DynamoDbStreamEventSource', () => {
  let ddb: DynamoDbLocal;
  let dynamodb: DynamoDBClient;
  let streams: DynamoDBStreamsClient;
  let sqsServer: LocalSqs;
  let sqs: SQSClient;
  const sources: DynamoDbStreamEventSource[] = [];
  let n = 0;

  beforeAll(async () => {
    [ddb, sqsServer] = await Promise.all([startDynamoDbLocal(), startSqs()]);
    dynamodb = ddb.client();
    const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };
    streams = new DynamoDBStreamsClient({ endpoint: ddb.endpoint, region: 'us-east-1', credentials });
    sqs = new SQSClient({ endpoint: sqsServer.endpoint, region: 'us-east-1', credentials });
  });
  afterEach(async () => Promise.all(sources.splice(0).map((s) => s.stop())));
  afterAll(async () => {
    for (const c of [dynamodb, streams, sqs]) c.destroy();
    await Promise.all([ddb.stop(), sqsServer.stop()]);
  });

  async function table(): Promise<string> {
    n += 1;
    const name = `outbox-${n}`;
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    return name;
  }

  async function put(tableName: string, ...ids: string[]): Promise<void> {
    for (const id of ids) await dynamodb.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: id }, bin: { B: Buffer.from('foobar') } } }));
  }

  async function failureQueue(): Promise<string> {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `on-failure-${n}` }));
    return QueueUrl!;
  }

  async function start(tableName: string, fn: Invoker, extra: Partial<ConstructorParameters<typeof DynamoDbStreamEventSource>[0]> = {}) {
    const source = await new DynamoDbStreamEventSource({
      mapping: 'Test/Mapping',
      dynamodb,
      streams,
      tableName,
      streamArn: STREAM_ARN(tableName),
      region: 'us-east-1',
      fn,
      functionArn: FUNCTION_ARN,
      startingPosition: 'TRIM_HORIZON',
      pollIntervalMs: 25,
      ...extra,
    }).start();
    sources.push(source);
    return source;
  }

  async function received(queueUrl: string, count: number): Promise<Record<string, unknown>[]> {
    const bodies: Record<string, unknown>[] = [];
    await until(async () => {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
      bodies.push(...Messages.map((m) => JSON.parse(m.Body!) as Record<string, unknown>));
      return bodies.length >= count;
    });
    return bodies;
  }

  it('invokes with records in Lambda DynamoDB event shape, in stream order, from TRIM_HORIZON', async () => {
    const t = await table();
    await put(t, 'a', 'b', 'c');
    const fn = recorder(() => null);
    await start(t, fn, { batchSize: 10 });
    await until(() => fn.batches.flat().length === 3);
    expect(fn.batches.flat().map(idOf)).toEqual(['a', 'b', 'c']);
    const record = fn.batches[0][0];
    expect(record).toMatchObject({
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: STREAM_ARN(t),
      dynamodb: { Keys: { pk: { S: 'a' } }, NewImage: { pk: { S: 'a' }, bin: { B: 'Zm9vYmFy' } }, StreamViewType: 'NEW_IMAGE' },
    });
    expect(typeof record.dynamodb.ApproximateCreationDateTime).toBe('number');
    expect(record.dynamodb.SequenceNumber).toMatch(/^\d+$/);
  });

  it('starts after the existing records at LATEST', async () => {
    const t = await table();
    await put(t, 'old');
    const fn = recorder(() => null);
    await start(t, fn, { startingPosition: 'LATEST' });
    await put(t, 'new');
    await until(() => fn.batches.length === 1);
    expect(fn.ids()).toEqual([['new']]);
  });

  it('skips records no filter matches (INSERT-only filter, as the outbox publisher uses)', async () => {
    const t = await table();
    const filter = compileFilterCriteria(
      { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] },
      (pattern) => {
        const compiled = compilePattern(pattern);
        return (event) => compiled.matches(event);
      },
      'Test/Mapping',
    );
    const fn = recorder(() => null);
    const source = await start(t, fn, { filter });
    await put(t, 'x');
    await dynamodb.send(new UpdateItemCommand({ TableName: t, Key: { pk: { S: 'x' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: '1' } } }));
    await put(t, 'y');
    await until(() => fn.batches.flat().length === 2 && source.stats().filtered === 1);
    expect(fn.batches.flat().map((r) => [idOf(r), r.eventName])).toEqual([
      ['x', 'INSERT'],
      ['y', 'INSERT'],
    ]);
  });

  it('retries from the lowest reported failure with ReportBatchItemFailures, never re-sending what succeeded', async () => {
    const t = await table();
    await put(t, 'r1', 'r2', 'r3', 'r4');
    const fn = recorder((records, call) => {
      if (call !== 1) return { batchItemFailures: [] };
      // r2 and r4 fail: the checkpoint stays before r2, so r2..r4 come again.
      return { batchItemFailures: records.filter((r) => ['r4', 'r2'].includes(idOf(r))).map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })) };
    });
    await start(t, fn, { reportBatchItemFailures: true, batchSize: 4, maximumBatchingWindowSeconds: 1 });
    await until(() => fn.batches.length === 2);
    expect(fn.ids()).toEqual([
      ['r1', 'r2', 'r3', 'r4'],
      ['r2', 'r3', 'r4'],
    ]);
  });

  it('bisects a failing batch until the poison record is alone, then sends its location to the on-failure queue', async () => {
    const t = await table();
    const queueUrl = await failureQueue();
    await put(t, 'p1', 'p2', 'poison', 'p4');
    const fn = recorder((records) => {
      if (records.some((r) => idOf(r) === 'poison')) throw new Error('cannot publish poison');
      return null;
    });
    await start(t, fn, { batchSize: 4, maximumBatchingWindowSeconds: 1, bisectOnError: true, maximumRetryAttempts: 2, onFailure: { sqs, queueUrl } });
    const [message] = await received(queueUrl, 1);
    const processed = fn.batches.filter((b) => !b.some((r) => idOf(r) === 'poison')).flat().map(idOf);
    expect(processed.sort()).toEqual(['p1', 'p2', 'p4']);
    expect(fn.ids()[0]).toEqual(['p1', 'p2', 'poison', 'p4']);
    expect(fn.ids()).toContainEqual(['poison']);
    const info = message.DDBStreamBatchInfo as Record<string, unknown>;
    expect(info).toMatchObject({ batchSize: 1, streamArn: STREAM_ARN(t) });
    expect(info.startSequenceNumber).toBe(info.endSequenceNumber);
    expect(message.requestContext).toMatchObject({ functionArn: FUNCTION_ARN, condition: 'RetryAttemptsExhausted' });
  });

  it('gives up after MaximumRetryAttempts with AWS on-failure record format and moves on', async () => {
    const t = await table();
    const queueUrl = await failureQueue();
    await put(t, 'bad');
    const fn = recorder((records) => {
      if (records.some((r) => idOf(r) === 'bad')) throw new Error('always fails');
      return null;
    });
    await start(t, fn, { batchSize: 1, maximumRetryAttempts: 1, onFailure: { sqs, queueUrl } });
    const [message] = await received(queueUrl, 1);
    expect(message).toMatchObject({
      requestContext: { functionArn: FUNCTION_ARN, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      DDBStreamBatchInfo: { batchSize: 1, streamArn: STREAM_ARN(t) },
    });
    expect(Object.keys(message.DDBStreamBatchInfo as object).sort()).toEqual(
      ['approximateArrivalOfFirstRecord', 'approximateArrivalOfLastRecord', 'batchSize', 'endSequenceNumber', 'shardId', 'startSequenceNumber', 'streamArn'].sort(),
    );
    expect(fn.ids()).toEqual([['bad'], ['bad']]);
    // The shard moves on: a later record is processed.
    await put(t, 'good');
    await until(() => fn.ids().some((b) => b.includes('good')));
  });

  it('discards records older than MaximumRecordAgeInSeconds to the on-failure queue without invoking', async () => {
    const t = await table();
    const queueUrl = await failureQueue();
    await put(t, 'stale');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fn = recorder(() => null);
    await start(t, fn, { maximumRecordAgeSeconds: 0, onFailure: { sqs, queueUrl } });
    const [message] = await received(queueUrl, 1);
    expect(message.requestContext).toMatchObject({ condition: 'RecordAgeExceeded', approximateInvokeCount: 0 });
    expect(fn.batches).toEqual([]);
  });
});
