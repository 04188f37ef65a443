import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { FaultSpecError } from '../../../local/faults';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { FunctionInvocationError } from '../../../local/lambda';
import { ResourceLookupError, startLocalRuntime, type EventBridgeContext, type LocalRuntime } from '../../../local/runtime';
import { UnsupportedResourceTypeError, type CfnTemplate } from '../../../local/template';

/** Writes a one-stack cloud assembly whose functions are the given ESM sources (asset dirs by key). */
function assembly(template: CfnTemplate, assets: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'e1-runtime-'));
  const files: Record<string, unknown> = {};
  for (const [key, source] of Object.entries(assets)) {
    mkdirSync(join(dir, `asset.${key}`));
    writeFileSync(join(dir, `asset.${key}`, 'index.mjs'), source);
    files[key] = { source: { path: `asset.${key}`, packaging: 'zip' }, destinations: { d: { objectKey: `${key}.zip` } } };
  }
  writeFileSync(join(dir, 'App.assets.json'), JSON.stringify({ version: '55.0.0', files }));
  writeFileSync(join(dir, 'App.template.json'), JSON.stringify(template));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      version: '55.0.0',
      artifacts: {
        'App.assets': { type: 'cdk:asset-manifest', properties: { file: 'App.assets.json' } },
        App: { type: 'aws:cloudformation:stack', properties: { templateFile: 'App.template.json' }, dependencies: ['App.assets'] },
      },
    }),
  );
  return dir;
}

// The consumer writes each message body to the table with a default-configured SDK client: only the runtime's
// AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local, as it does for a bundled function.
const CONSUMER = `
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async (event) => {
  const failures = [];
  for (const record of event.Records) {
    if (record.body === 'poison') { failures.push({ itemIdentifier: record.messageId }); continue; }
    await client.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { pk: { S: record.body }, group: { S: record.attributes.MessageGroupId } } }));
    console.log(JSON.stringify({ _aws: { Timestamp: 0, CloudWatchMetrics: [{ Namespace: 'EventRouter', Dimensions: [['consumer']], Metrics: [{ Name: 'EventsProcessed' }] }] }, consumer: 'demo', EventsProcessed: 1 }));
  }
  return { batchItemFailures: failures };
};`;

const STREAM_READER = `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  for (const r of event.Records) await sqs.send(new SendMessageCommand({ QueueUrl: process.env.AUDIT_QUEUE_URL, MessageBody: r.eventName + ':' + r.dynamodb.Keys.pk.S }));
};`;

const template: CfnTemplate = {
  Resources: {
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'group', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [{ IndexName: 'byGroup', KeySchema: [{ AttributeName: 'group', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
    },
    Dlq: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true } },
    Queue: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        FifoQueue: true,
        ContentBasedDeduplication: true,
        VisibilityTimeout: 1,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 2 },
      },
    },
    Audit: { Type: 'AWS::SQS::Queue' },
    Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
    Consumer: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Code: { S3Bucket: { 'Fn::Sub': 'cdk-${AWS::AccountId}-${AWS::Region}' }, S3Key: 'consumer.zip' },
        Handler: 'index.handler',
        Runtime: 'nodejs22.x',
        Timeout: 5,
        Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
        Environment: { Variables: { TABLE_NAME: { Ref: 'Table' }, CONSUMER_NAME: 'demo' } },
      },
    },
    StreamReader: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Code: { S3Bucket: 'b', S3Key: 'stream.zip' },
        Handler: 'index.handler',
        Runtime: 'nodejs22.x',
        Environment: { Variables: { AUDIT_QUEUE_URL: { Ref: 'Audit' } } },
      },
    },
    QueueMapping: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        FunctionName: { Ref: 'Consumer' },
        EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      },
    },
    StreamMapping: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        FunctionName: { Ref: 'StreamReader' },
        EventSourceArn: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
        StartingPosition: 'TRIM_HORIZON',
        FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] },
      },
    },
  },
};

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('startLocalRuntime on a hand-written assembly', () => {
  let ddb: DynamoDbLocal;
  let runtime: LocalRuntime;
  let eventBridgeContext: EventBridgeContext | undefined;
  const cdkOut = assembly(template, { consumer: CONSUMER, stream: STREAM_READER });

  beforeAll(async () => {
    ddb = await startDynamoDbLocal();
    // The asset dirs live in a temp dir; link node_modules so the tiny unbundled functions resolve the SDK.
    for (const key of ['consumer', 'stream']) {
      symlinkSync(join(process.cwd(), 'node_modules'), join(cdkOut, `asset.${key}`, 'node_modules'));
    }
    runtime = await startLocalRuntime({
      cdkOut,
      dynamoDbEndpoint: ddb.endpoint,
      pollIntervalMs: 50,
      eventBridge: async (context) => {
        eventBridgeContext = context;
        return { endpoint: 'http://127.0.0.1:9', stop: async () => undefined };
      },
    });
  });
  afterAll(async () => {
    await runtime?.stop();
    await ddb.stop();
  });

  it('creates the table with its keys, GSI, stream and TTL on DynamoDB Local', async () => {
    const client = runtime.dynamoDbClient();
    const { Table } = await client.send(new DescribeTableCommand({ TableName: runtime.tableName('Table') }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['byGroup']);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: runtime.tableName('Table') }));
    expect(TimeToLiveDescription?.AttributeName).toBe('expiresAt');
    client.destroy();
  });

  it('creates the queues with FIFO, dedup, visibility and the redrive policy resolved to the DLQ ARN', async () => {
    const sqs = runtime.sqsClient();
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: runtime.queueUrl('Queue'), AttributeNames: ['All'] }));
    expect(Attributes).toMatchObject({ FifoQueue: 'true', ContentBasedDeduplication: 'true', VisibilityTimeout: '1' });
    expect(JSON.parse(Attributes!.RedrivePolicy!)).toEqual({ deadLetterTargetArn: runtime.queue('Dlq').arn, maxReceiveCount: 2 });
    sqs.destroy();
  });

  it('runs the queue mapping: messages reach the function, which writes through AWS_ENDPOINT_URL_DYNAMODB', async () => {
    const sqs = runtime.sqsClient();
    await sqs.send(new SendMessageCommand({ QueueUrl: runtime.queueUrl('Queue'), MessageBody: 'order-1', MessageGroupId: 'g1' }));
    const client = runtime.dynamoDbClient();
    await until(async () => (await client.send(new GetItemCommand({ TableName: runtime.tableName('Table'), Key: { pk: { S: 'order-1' } } }))).Item !== undefined);
    await until(() => runtime.metrics.metric('demo', 'EventsProcessed') >= 1);
    sqs.destroy();
    client.destroy();
  });

  it('moves a message the function keeps failing to the DLQ after maxReceiveCount', async () => {
    const sqs = runtime.sqsClient();
    await sqs.send(new SendMessageCommand({ QueueUrl: runtime.queueUrl('Queue'), MessageBody: 'poison', MessageGroupId: 'g2' }));
    await until(() => runtime.queueStats('Dlq').messages === 1);
    sqs.destroy();
  });

  it('runs the stream mapping with its INSERT filter: table writes reach the stream function', async () => {
    await until(() => runtime.queueStats('Audit').messages >= 1);
    expect(runtime.stats().eventSources['App/StreamMapping'].records).toBeGreaterThanOrEqual(1);
  });

  it('invokes a function directly and reports a handler error as Lambda does', async () => {
    const error = await runtime.invoke('Consumer', { Records: [{ body: 'x', attributes: {} }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FunctionInvocationError);
  });

  it('finds resources by logical id, stack/logicalId, name, ARN or consumer name, and names what exists otherwise', () => {
    const queue = runtime.queue('App/Queue');
    expect(runtime.queueUrl(queue.arn)).toBe(queue.url);
    expect(runtime.queueUrl(queue.name)).toBe(queue.url);
    expect(runtime.func('demo').logicalId).toBe('Consumer');
    expect(() => runtime.queueUrl('Nope')).toThrow(ResourceLookupError);
    expect(() => runtime.queueUrl('Nope')).toThrow(/Known: App\/Dlq, App\/Queue, App\/Audit/);
  });

  it('hands the EventBridge factory the resolved resources and an async invoke for Lambda targets', async () => {
    const context = eventBridgeContext!;
    expect(context.resources.map((r) => r.logicalId)).toContain('QueueMapping');
    expect(context.endpoints.sqs).toBe(runtime.endpoints.sqs);
    await context.invokeFunction(runtime.func('Consumer').arn, JSON.stringify({ Records: [{ body: 'via-rule', attributes: { MessageGroupId: 'g' } }] }));
    const client = runtime.dynamoDbClient();
    await until(async () => (await client.send(new GetItemCommand({ TableName: runtime.tableName('Table'), Key: { pk: { S: 'via-rule' } } }))).Item !== undefined);
    client.destroy();
  });

  it('points every function at the EventBridge endpoint the factory returned', () => {
    expect(runtime.func('Consumer').fn.definition.environment.AWS_ENDPOINT_URL_EVENTBRIDGE).toBe('http://127.0.0.1:9');
    expect(runtime.endpoints.eventbridge).toBe('http://127.0.0.1:9');
  });

  it('refuses an assembly with an unsupported resource type before starting anything', async () => {
    const bad = assembly({ Resources: { Machine: { Type: 'AWS::StepFunctions::StateMachine' } } }, {});
    await expect(startLocalRuntime({ cdkOut: bad, dynamoDbEndpoint: ddb.endpoint })).rejects.toThrow(UnsupportedResourceTypeError);
  });
});

describe('startLocalRuntime with faults', () => {
  let ddb: DynamoDbLocal;
  let runtime: LocalRuntime;
  const cdkOut = assembly(template, { consumer: CONSUMER, stream: STREAM_READER });

  beforeAll(async () => {
    ddb = await startDynamoDbLocal();
    for (const key of ['consumer', 'stream']) symlinkSync(join(process.cwd(), 'node_modules'), join(cdkOut, `asset.${key}`, 'node_modules'));
    runtime = await startLocalRuntime({ cdkOut, dynamoDbEndpoint: ddb.endpoint, pollIntervalMs: 50, faults: { seed: 5, dynamodbThrottle: 0.3, crash: 0.1 } });
  }, 60_000);
  afterAll(async () => {
    await runtime?.stop();
    await ddb.stop();
  });

  /** Every message body in a queue, deleting what it read. */
  async function bodies(sqs: SQSClient, queueUrl: string): Promise<string[]> {
    const all: string[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
      if (Messages.length === 0) return all;
      all.push(...Messages.map((m) => m.Body!));
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    }
  }

  it("points functions at the DynamoDB fault proxy while the runtime's own client uses DynamoDB Local directly", () => {
    const proxy = runtime.faults!.dynamodbProxy!;
    expect(proxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(proxy).not.toBe(ddb.endpoint);
    expect(runtime.func('Consumer').fn.definition.environment.AWS_ENDPOINT_URL_DYNAMODB).toBe(proxy);
    expect(runtime.endpoints.dynamodb).toBe(ddb.endpoint);
  });

  it('loses nothing under throttled DynamoDB and crashed workers: every message is written or in the DLQ, every insert reaches the stream function', async () => {
    const sqs = runtime.sqsClient();
    const client = runtime.dynamoDbClient();
    const sent = Array.from({ length: 30 }, (_, i) => `f-${i}`);
    for (const body of sent) await sqs.send(new SendMessageCommand({ QueueUrl: runtime.queueUrl('Queue'), MessageBody: body, MessageGroupId: body }));
    const written = async () =>
      ((await client.send(new ScanCommand({ TableName: runtime.tableName('Table'), ConsistentRead: true }))).Items ?? []).map((item) => item.pk.S!);
    const audited = new Set<string>();
    let parked: string[] = [];
    await until(async () => {
      parked = [...parked, ...(await bodies(sqs, runtime.queueUrl('Dlq')))];
      const done = await written();
      return sent.every((body) => done.includes(body) || parked.includes(body));
    }, 60_000);
    const done = await written();
    // Every write reached the stream function at least once, crashed stream batches being retried.
    await until(async () => {
      for (const body of await bodies(sqs, runtime.queueUrl('Audit'))) audited.add(body);
      return done.every((pk) => audited.has(`INSERT:${pk}`));
    }, 30_000);
    const counts = runtime.faults!.counts();
    expect(counts['dynamodb-throttle']).toBeGreaterThan(0);
    expect(counts.crash).toBeGreaterThan(0);
    expect(Object.keys(counts).sort()).toEqual(['crash', 'dynamodb-throttle']);
    sqs.destroy();
    client.destroy();
  }, 120_000);

  it('refuses an invalid fault spec before starting anything', async () => {
    await expect(startLocalRuntime({ cdkOut, dynamoDbEndpoint: ddb.endpoint, faults: { seed: 1, crash: 1.5 } })).rejects.toThrow(FaultSpecError);
  });
});
