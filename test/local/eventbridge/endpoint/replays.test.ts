import {
  CancelReplayCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  EventBridgeClient,
  ListReplaysCommand,
  PutEventsCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createEventBridge, type EventBridgeRuntime } from '../../../../local/eventbridge/endpoint/create-event-bridge';
import { patternEngine } from '../../../../local/eventbridge/endpoint/pattern-engine';
import { startEventBridgeEndpoint, type EventBridgeEndpoint } from '../../../../local/eventbridge/endpoint/server';
import { startSqs, type LocalSqs } from '../../../../local/sqs';

const account = { region: 'us-east-1', accountId: '000000000000' };
const BUS_ARN = 'arn:aws:events:us-east-1:000000000000:event-bus/orders-bus';
const ARCHIVE_ARN = 'arn:aws:events:us-east-1:000000000000:archive/orders-archive';
const RULE_A = 'arn:aws:events:us-east-1:000000000000:rule/orders-bus/rule-a';
let sqs: LocalSqs;
let sqsClient: SQSClient;
let runtime: EventBridgeRuntime;
let endpoint: EventBridgeEndpoint;
let client: EventBridgeClient;
let started = 0;

const rule = (name: string, queue: string) => ({
  stackName: 'Stack',
  logicalId: name,
  type: 'AWS::Events::Rule',
  properties: { Name: name, EventBusName: 'orders-bus', EventPattern: { source: ['orders-service'] }, Targets: [{ Id: 'T', Arn: sqs.queueArn(queue) }] },
});

beforeAll(async () => {
  sqs = await startSqs();
  sqsClient = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  for (const name of ['a', 'b']) await sqsClient.send(new CreateQueueCommand({ QueueName: name }));
  runtime = createEventBridge({
    account,
    sqs: sqsClient,
    engine: patternEngine(account),
    resources: [
      { stackName: 'Stack', logicalId: 'Bus', type: 'AWS::Events::EventBus', properties: { Name: 'orders-bus' } },
      {
        stackName: 'Stack',
        logicalId: 'Archive',
        type: 'AWS::Events::Archive',
        properties: { ArchiveName: 'orders-archive', SourceArn: BUS_ARN, EventPattern: { 'detail-type': ['OrderPlaced', 'OrderPaid'] }, RetentionDays: 30 },
      },
      { stackName: 'Stack', logicalId: 'AllArchive', type: 'AWS::Events::Archive', properties: { ArchiveName: 'all-archive', SourceArn: BUS_ARN } },
      rule('rule-a', 'a'),
      rule('rule-b', 'b'),
    ],
  });
  endpoint = await startEventBridgeEndpoint({ bridge: runtime.bridge });
  client = new EventBridgeClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  started = Date.now() - 1000;
  const entries = ['OrderPlaced', 'OrderPaid', 'OrderShipped'].map((detailType, i) => ({
    EventBusName: 'orders-bus',
    Source: 'orders-service',
    DetailType: detailType,
    Detail: JSON.stringify({ metadata: { eventId: `evt-${i}` }, data: { orderId: 'ord_1' } }),
  }));
  await client.send(new PutEventsCommand({ Entries: entries }));
  await runtime.delivery.drain();
  await drainQueue('a');
  await drainQueue('b');
});

afterAll(async () => {
  client.destroy();
  await endpoint.stop();
  await runtime.delivery.stop();
  sqsClient.destroy();
  await sqs.stop();
});

async function drainQueue(name: string): Promise<Record<string, unknown>[]> {
  const bodies: Record<string, unknown>[] = [];
  for (;;) {
    const out = await sqsClient.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl(name), MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
    if ((out.Messages ?? []).length === 0) return bodies;
    bodies.push(...out.Messages!.map((m) => JSON.parse(m.Body!) as Record<string, unknown>));
  }
}

async function replayUntilDone(name: string, filterArns?: string[]) {
  await client.send(
    new StartReplayCommand({
      ReplayName: name,
      EventSourceArn: ARCHIVE_ARN,
      EventStartTime: new Date(started),
      EventEndTime: new Date(),
      Destination: { Arn: BUS_ARN, ...(filterArns === undefined ? {} : { FilterArns: filterArns }) },
    }),
  );
  for (;;) {
    const replay = await client.send(new DescribeReplayCommand({ ReplayName: name }));
    if (replay.State === 'COMPLETED' || replay.State === 'FAILED') return replay;
    await new Promise((done) => setTimeout(done, 20));
  }
}

test("the archive keeps the bus's events that match its pattern", async () => {
  const archive = await client.send(new DescribeArchiveCommand({ ArchiveName: 'orders-archive' }));
  expect(archive).toMatchObject({ ArchiveArn: ARCHIVE_ARN, EventSourceArn: BUS_ARN, State: 'ENABLED', RetentionDays: 30, EventCount: 2 });
});

test('an archive without EventPattern keeps every event of its bus, as AWS does', async () => {
  const archive = await client.send(new DescribeArchiveCommand({ ArchiveName: 'all-archive' }));
  expect(archive).toMatchObject({ EventSourceArn: BUS_ARN, State: 'ENABLED', EventCount: 3 });
});

test('a replay with FilterArns reaches only those rules, each event carrying replay-name, and is not archived again', async () => {
  const replay = await replayUntilDone('only-a', [RULE_A]);
  expect(replay).toMatchObject({ State: 'COMPLETED', EventSourceArn: ARCHIVE_ARN, Destination: { Arn: BUS_ARN, FilterArns: [RULE_A] } });
  expect(replay.EventLastReplayedTime).toBeInstanceOf(Date);
  await runtime.delivery.drain();
  const delivered = await drainQueue('a');
  expect(delivered.map((event) => (event.detail as { metadata: { eventId: string } }).metadata.eventId).sort()).toEqual(['evt-0', 'evt-1']);
  expect(delivered.every((event) => event['replay-name'] === 'only-a')).toBe(true);
  expect(await drainQueue('b')).toEqual([]);
  expect((await client.send(new DescribeArchiveCommand({ ArchiveName: 'orders-archive' }))).EventCount).toBe(2);
});

test('a replay without FilterArns reaches every matching rule of the bus', async () => {
  await replayUntilDone('all-rules');
  await runtime.delivery.drain();
  expect(await drainQueue('a')).toHaveLength(2);
  expect(await drainQueue('b')).toHaveLength(2);
});

test('ListReplays lists the replays with their state', async () => {
  const out = await client.send(new ListReplaysCommand({ NamePrefix: 'only-' }));
  expect(out.Replays!.map((r) => [r.ReplayName, r.State])).toEqual([['only-a', 'COMPLETED']]);
});

test.each([
  ['an end before the start', { EventStartTime: new Date(), EventEndTime: new Date(Date.now() - 60_000) }, 'ValidationException'],
  ['an unknown archive', { EventSourceArn: `${ARCHIVE_ARN}-nope` }, 'ResourceNotFoundException'],
  ['another bus as destination', { Destination: { Arn: `${BUS_ARN}-other` } }, 'ValidationException'],
  ['a rule of no bus in FilterArns', { Destination: { Arn: BUS_ARN, FilterArns: [`${RULE_A}-nope`] } }, 'ResourceNotFoundException'],
  ['a name already used', { ReplayName: 'only-a' }, 'ResourceAlreadyExistsException'],
])('StartReplay refuses %s with %s, as AWS does', async (_case, override, code) => {
  const request = { ReplayName: `bad-${Math.random().toString(36).slice(2)}`, EventSourceArn: ARCHIVE_ARN, EventStartTime: new Date(started), EventEndTime: new Date(), Destination: { Arn: BUS_ARN }, ...override };
  await expect(client.send(new StartReplayCommand(request))).rejects.toMatchObject({ name: code });
});

test('a finished replay cannot be cancelled', async () => {
  await expect(client.send(new CancelReplayCommand({ ReplayName: 'only-a' }))).rejects.toMatchObject({ name: 'IllegalStatusException' });
});

/** The AWS CLI, when this machine has one: the local endpoint must speak what it sends, not only what the SDK sends. */
const awsCli = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;

(awsCli ? test : test.skip)('the AWS CLI starts and describes a replay on the local endpoint', async () => {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'l', AWS_SECRET_ACCESS_KEY: 'l', AWS_DEFAULT_REGION: 'us-east-1' };
  // Asynchronous: the endpoint answers from this very process.
  const aws = async (...args: string[]) =>
    JSON.parse((await promisify(execFile)('aws', ['events', ...args, '--endpoint-url', endpoint.url, '--output', 'json', '--cli-read-timeout', '20'], { env, encoding: 'utf8' })).stdout) as Record<string, unknown>;
  const started = await aws(
    'start-replay',
    '--replay-name', 'from-cli',
    '--event-source-arn', ARCHIVE_ARN,
    '--event-start-time', new Date(Date.now() - 3_600_000).toISOString(),
    '--event-end-time', new Date().toISOString(),
    '--destination', JSON.stringify({ Arn: BUS_ARN, FilterArns: [RULE_A] }),
  );
  expect(started).toMatchObject({ ReplayArn: 'arn:aws:events:us-east-1:000000000000:replay/from-cli', State: 'STARTING' });
  expect(await aws('describe-replay', '--replay-name', 'from-cli')).toMatchObject({ ReplayName: 'from-cli', EventSourceArn: ARCHIVE_ARN });
});
