/**
 * The DynamoDB fault proxy: throttled and unavailable answers in DynamoDB's wire format, so the AWS
 * SDK raises the real exceptions and runs its real retries; everything else reaches DynamoDB Local.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { FaultInjector, startDynamoDbFaultProxy, type DynamoDbFaultProxy, type FaultSpec } from '../../../local/faults';

const TABLE = 'proxied';
let ddb: DynamoDbLocal;
let direct: DynamoDBClient;
const proxies: DynamoDbFaultProxy[] = [];
const clients: DynamoDBClient[] = [];

beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  direct = ddb.client();
  await direct.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  direct.destroy();
  await ddb.stop();
});

async function through(spec: FaultSpec, maxAttempts: number) {
  const faults = new FaultInjector(spec);
  const proxy = await startDynamoDbFaultProxy({ target: ddb.endpoint, faults });
  proxies.push(proxy);
  const client = new DynamoDBClient({
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    maxAttempts,
  });
  clients.push(client);
  return { faults, client };
}

const put = (client: DynamoDBClient, pk: string) => client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: pk } } }));
const exists = async (pk: string) => (await direct.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item !== undefined;

describe('dynamodb-throttle', () => {
  test('a seeded fraction of requests gets HTTP 400 ProvisionedThroughputExceededException, counted; the rest reach DynamoDB Local', async () => {
    const { faults, client } = await through({ seed: 2, dynamodbThrottle: 0.3 }, 1);
    const outcomes: Array<{ pk: string; error?: { name: string; $metadata: { httpStatusCode?: number } } }> = [];
    for (let i = 0; i < 100; i += 1) {
      const pk = `t-${i}`;
      outcomes.push(await put(client, pk).then(() => ({ pk }), (error) => ({ pk, error })));
    }
    const throttled = outcomes.filter((o) => o.error !== undefined);
    expect(throttled.length).toBe(faults.counts()['dynamodb-throttle']);
    expect(throttled.length).toBeGreaterThanOrEqual(18);
    expect(throttled.length).toBeLessThanOrEqual(42);
    for (const { error } of throttled) {
      expect(error!.name).toBe('ProvisionedThroughputExceededException');
      expect(error!.$metadata.httpStatusCode).toBe(400);
    }
    // A throttled write did nothing; every other write is in the table.
    for (const { pk, error } of outcomes) expect(await exists(pk)).toBe(error === undefined);
  });

  test("the SDK's own retries get throttled requests through", async () => {
    const { faults, client } = await through({ seed: 3, dynamodbThrottle: 0.3 }, 10);
    const attempts: number[] = [];
    for (let i = 0; i < 20; i += 1) attempts.push((await put(client, `r-${i}`)).$metadata.attempts!);
    expect(attempts.filter((n) => n > 1).length).toBeGreaterThan(0);
    expect(attempts.reduce((a, b) => a + b, 0) - attempts.length).toBe(faults.counts()['dynamodb-throttle']);
    for (let i = 0; i < 20; i += 1) expect(await exists(`r-${i}`)).toBe(true);
  }, 60_000);
});

describe('dynamodb-outage', () => {
  test('after the configured requests, requests are refused with HTTP 503 for the outage, then served again', async () => {
    const { faults, client } = await through({ seed: 1, dynamodbOutage: 0.5, dynamodbOutageAfter: 3 }, 1);
    for (let i = 0; i < 3; i += 1) await put(client, `o-${i}`);
    await expect(put(client, 'o-refused')).rejects.toMatchObject({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
    expect(await exists('o-refused')).toBe(false);
    await new Promise((done) => setTimeout(done, 600));
    await put(client, 'o-after');
    expect(await exists('o-after')).toBe(true);
    expect(faults.counts()['dynamodb-outage']).toBe(1);
  });
});
