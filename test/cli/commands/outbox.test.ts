import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { createEventBridge, type EventBridgeRuntime } from '../../../local/eventbridge/endpoint/create-event-bridge';
import { patternEngine } from '../../../local/eventbridge/endpoint/pattern-engine';
import { startEventBridgeEndpoint, type EventBridgeEndpoint } from '../../../local/eventbridge/endpoint/server';
import { startSqs, type LocalSqs } from '../../../local/sqs';
import { createEvent } from '../../../runtime/envelope/index';
import { writeWithOutbox } from '../../../runtime/outbox/index';
import { createOutboxTable } from '../../runtime/outbox/support/outbox-tables';

const REPO = join(import.meta.dirname, '..', '..', '..');
const account = { region: 'us-east-1', accountId: '000000000000' };
let ddb: DynamoDbLocal;
let dynamodb: DynamoDBClient;
let sqs: LocalSqs;
let sqsClient: SQSClient;
let runtime: EventBridgeRuntime;
let endpoint: EventBridgeEndpoint;
let discovery: Server;
let discoveryUrl: string;
let queueUrl: string;
let n = 0;

/** Runs the real CLI in a child process (async: the local endpoints live in this process). */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(REPO, 'bin', 'event-router.js'), 'outbox', ...args], {
      cwd: REPO,
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  [ddb, sqs] = await Promise.all([startDynamoDbLocal(), startSqs()]);
  dynamodb = ddb.client();
  sqsClient = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  queueUrl = (await sqsClient.send(new CreateQueueCommand({ QueueName: 'all-orders' }))).QueueUrl!;
  runtime = createEventBridge({
    account,
    sqs: sqsClient,
    engine: patternEngine(account),
    resources: [
      { stackName: 'RouterStack', logicalId: 'Bus', type: 'AWS::Events::EventBus', properties: { Name: 'event-router' } },
      {
        stackName: 'TapStack',
        logicalId: 'Rule',
        type: 'AWS::Events::Rule',
        properties: { EventBusName: 'event-router', EventPattern: { source: ['orders-service'] }, Targets: [{ Id: 'T', Arn: sqs.queueArn('all-orders') }] },
      },
    ],
  });
  endpoint = await startEventBridgeEndpoint({ bridge: runtime.bridge });
  // What the local runtime's GET /endpoints answers (another part of the runtime serves it; this stands in for it).
  discovery = createServer((request, response) => {
    if (request.url === '/endpoints') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ eventBridge: endpoint.url, sqs: sqs.endpoint, dynamodb: ddb.endpoint, region: 'us-east-1', accountId: '000000000000', routerName: 'event-router' }));
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => discovery.listen(0, '127.0.0.1', resolve));
  discoveryUrl = `http://127.0.0.1:${(discovery.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => discovery.close(resolve));
  await endpoint.stop();
  await runtime.delivery.stop();
  sqsClient.destroy();
  dynamodb.destroy();
  await Promise.all([ddb.stop(), sqs.stop()]);
});

async function outboxWithRows(orders: string[], eventsEach: number): Promise<string> {
  n += 1;
  const table = `cli-outbox-${n}`;
  await createOutboxTable(dynamodb, table);
  for (let step = 0; step < eventsEach; step += 1) {
    for (const orderId of orders) {
      const event = createEvent({ source: 'orders-service', detailType: 'OrderPlaced', eventType: 'order.placed', data: { orderId, step } });
      await writeWithOutbox(dynamodb, { outboxTableName: table, writes: [], events: [{ entityKey: `order#${orderId}`, event }] });
    }
  }
  return table;
}

async function delivered(count: number): Promise<{ orderId: string; sequence: number; eventId: string }[]> {
  const bodies: { orderId: string; sequence: number; eventId: string }[] = [];
  const deadline = Date.now() + 15_000;
  while (bodies.length < count && Date.now() < deadline) {
    const { Messages = [] } = await sqsClient.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const m of Messages) {
      const detail = JSON.parse(m.Body!).detail;
      bodies.push({ orderId: detail.data.orderId, sequence: detail.metadata.sequence, eventId: detail.metadata.eventId });
    }
  }
  return bodies;
}

test('pending lists unpublished rows as JSON and exits 1; an outbox with none exits 0', async () => {
  const table = await outboxWithRows(['a'], 2);
  const listed = await cli('pending', '--table', table, '--dynamodb-endpoint', ddb.endpoint, '--json');
  expect(listed.code).toBe(1);
  const body = JSON.parse(listed.stdout);
  expect(body.pending.map((r: { entityKey: string; sequence: number }) => [r.entityKey, r.sequence])).toEqual([
    ['order#a', 1],
    ['order#a', 2],
  ]);
  n += 1;
  await createOutboxTable(dynamodb, `cli-outbox-${n}`);
  const empty = await cli('pending', '--table', `cli-outbox-${n}`, '--dynamodb-endpoint', ddb.endpoint);
  expect(empty.code).toBe(0);
  expect(empty.stdout).toMatch(/no outbox row is waiting/);
});

test('republish --dry-run lists what it would send and sends nothing', async () => {
  const table = await outboxWithRows(['dry'], 1);
  const result = await cli('republish', '--table', table, '--endpoint', discoveryUrl, '--dry-run', '--json');
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout).rows).toEqual([expect.objectContaining({ entityKey: 'order#dry', outcome: 'would-publish' })]);
  expect((await cli('pending', '--table', table, '--endpoint', discoveryUrl)).code).toBe(1);
});

test('republish through the local runtime sends each entity in sequence order with its eventId, then nothing is pending', async () => {
  const table = await outboxWithRows(['x', 'y'], 3);
  const result = await cli('republish', '--table', table, '--endpoint', discoveryUrl);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/6 published, 0 failed, 0 parked/);
  const events = await delivered(6);
  for (const orderId of ['x', 'y']) expect(events.filter((e) => e.orderId === orderId).map((e) => e.sequence)).toEqual([1, 2, 3]);
  expect((await cli('pending', '--table', table, '--endpoint', discoveryUrl)).code).toBe(0);
});

test('a malformed row is parked by republish (exit 1) and then listed as parked with its reason', async () => {
  n += 1;
  const table = `cli-outbox-${n}`;
  await createOutboxTable(dynamodb, table);
  await dynamodb.send(
    new PutItemCommand({ TableName: table, Item: marshall({ pk: 'order#bad', sk: '01BAD', source: 'orders-service', detailType: 'OrderPlaced', detail: '{}', pendingShard: 'pending#1', createdAt: 1 }) }),
  );
  const result = await cli('republish', '--table', table, '--endpoint', discoveryUrl);
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(/0 published, 0 failed, 1 parked/);
  const listed = JSON.parse((await cli('pending', '--table', table, '--endpoint', discoveryUrl, '--json')).stdout);
  expect(listed.parked).toEqual([expect.objectContaining({ eventId: '01BAD', status: 'parked', reason: expect.stringContaining('metadata.eventId') })]);
});

test('bad input exits 2 with what to do: a bad number, an unknown table, an endpoint that names no DynamoDB', async () => {
  const badNumber = await cli('pending', '--older-than', 'soon', '--dynamodb-endpoint', ddb.endpoint);
  expect(badNumber).toMatchObject({ code: 2, stderr: expect.stringMatching(/--older-than must be a whole number/) });
  const unknown = await cli('pending', '--table', 'no-such-table', '--dynamodb-endpoint', ddb.endpoint);
  expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/no-such-table \(--table\) does not exist/) });
  const noDynamo = await cli('pending', '--endpoint', endpoint.url);
  expect(noDynamo).toMatchObject({ code: 2, stderr: expect.stringMatching(/pass --dynamodb-endpoint/) });
  const several = await cli('pending', '--dynamodb-endpoint', ddb.endpoint);
  expect(several).toMatchObject({ code: 2, stderr: expect.stringMatching(/Several outbox tables were found .* pass --table/) });
});
