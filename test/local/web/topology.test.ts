import type { ResolvedResource } from '../../../local/template';
import { buildTopology } from '../../../local/web';

const ARN = 'arn:aws:sqs:us-east-1:000000000000:';
const URL = 'http://127.0.0.1:9324/000000000000/';

function resource(logicalId: string, type: string, properties: Record<string, unknown>, physicalId: string, attributes: Record<string, string> = {}): ResolvedResource {
  return { stackName: 'S', logicalId, type, properties, metadata: {}, physicalId, attributes, support: 'emulated', stack: {} } as unknown as ResolvedResource;
}
const queue = (id: string, props: Record<string, unknown> = {}) => resource(id, 'AWS::SQS::Queue', props, `${URL}${id}`, { Arn: `${ARN}${id}`, QueueName: id });
const fn = (id: string, env: Record<string, string>) => resource(id, 'AWS::Lambda::Function', { Environment: { Variables: env } }, id, { Arn: `arn:aws:lambda:us-east-1:000000000000:function:${id}` });
const schedule = (id: string, functionId: string) =>
  resource(id, 'AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)', Targets: [{ Id: 'S', Arn: `arn:aws:lambda:us-east-1:000000000000:function:${functionId}` }] }, id);
const mapping = (id: string, source: string, functionName: string, props: Record<string, unknown> = {}) =>
  resource(id, 'AWS::Lambda::EventSourceMapping', { EventSourceArn: source, FunctionName: functionName, ...props }, id);

/** One consumer as lib/fifo-consumer.ts declares it (with its gap sweeper), the outbox (with its sweeper), and a scheduled function on no event path. */
const RESOURCES: ResolvedResource[] = [
  resource('Bus', 'AWS::Events::EventBus', { Name: 'router' }, 'router', { Arn: 'arn:aws:events:us-east-1:000000000000:event-bus/router' }),
  queue('TargetDlq'),
  queue('BufferDlq'),
  queue('Buffer', { RedrivePolicy: { deadLetterTargetArn: `${ARN}BufferDlq`, maxReceiveCount: 5 } }),
  queue('Dlq'),
  queue('Queue', { RedrivePolicy: { deadLetterTargetArn: `${ARN}Dlq`, maxReceiveCount: 5 }, MessageRetentionPeriod: 86_400 }),
  resource('Rule', 'AWS::Events::Rule', {
    EventBusName: 'router',
    Description: 'event-router consumer: billing',
    EventPattern: { source: ['orders'] },
    Targets: [{ Id: 'T', Arn: `${ARN}Buffer`, DeadLetterConfig: { Arn: `${ARN}TargetDlq` } }],
  }, 'router|rule'),
  fn('Forwarder', { TARGET_QUEUE_URL: `${URL}Queue`, DEAD_LETTER_QUEUE_URL: `${URL}BufferDlq` }),
  mapping('ForwarderMapping', `${ARN}Buffer`, 'Forwarder'),
  fn('Billing', { CONSUMER_NAME: 'billing', DEAD_LETTER_QUEUE_URL: `${URL}Dlq` }),
  mapping('BillingMapping', `${ARN}Queue`, 'Billing'),
  resource('Outbox', 'AWS::DynamoDB::Table', {}, 'outbox-table', { Arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/outbox-table', StreamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/outbox-table/stream/1' }),
  queue('OutboxFailures'),
  fn('Orders', { OUTBOX_TABLE_NAME: 'outbox-table' }),
  fn('Publisher', { EVENT_BUS_NAME: 'router', OUTBOX_TABLE_NAME: 'outbox-table' }),
  mapping('PublisherMapping', 'arn:aws:dynamodb:us-east-1:000000000000:table/outbox-table/stream/1', 'Publisher', {
    DestinationConfig: { OnFailure: { Destination: `${ARN}OutboxFailures` } },
  }),
  fn('GapSweeper', { CONSUMER_NAME: 'billing', DEAD_LETTER_QUEUE_URL: `${URL}Dlq`, CONSUMER_QUEUE_URL: `${URL}Queue` }),
  schedule('GapSchedule', 'GapSweeper'),
  fn('OutboxSweeper', { EVENT_BUS_NAME: 'router', OUTBOX_TABLE_NAME: 'outbox-table' }),
  schedule('OutboxSchedule', 'OutboxSweeper'),
  fn('Cleaner', {}),
  schedule('CleanerSchedule', 'Cleaner'),
];

const topology = buildTopology(RESOURCES);
const node = (id: string) => topology.nodes.find((n) => n.id === id);
const edge = (from: string, to: string) => topology.edges.find((e) => e.from === from && e.to === to);

test('the consumer path runs bus -> rule -> buffer -> forwarder -> queue -> function, one column each', () => {
  const path = ['bus:router', 'rule:S/Rule', `queue:${ARN}Buffer`, 'function:Forwarder', `queue:${ARN}Queue`, 'function:Billing'];
  for (let i = 1; i < path.length; i += 1) expect(edge(path[i - 1], path[i])).toBeDefined();
  expect(path.map((id) => node(id)!.rank)).toEqual([3, 4, 5, 6, 7, 8]);
  expect(path.slice(1).map((id) => node(id)!.consumer)).toEqual(Array(5).fill('billing'));
});

test('every DLQ is a dead-letter node fed by what parks into it', () => {
  expect(edge('rule:S/Rule', `queue:${ARN}TargetDlq`)?.kind).toBe('dead-letter');
  expect(edge(`queue:${ARN}Buffer`, `queue:${ARN}BufferDlq`)?.kind).toBe('dead-letter');
  expect(edge('function:Forwarder', `queue:${ARN}BufferDlq`)?.kind).toBe('dead-letter');
  expect(edge(`queue:${ARN}Queue`, `queue:${ARN}Dlq`)?.kind).toBe('dead-letter');
  // The consumer parks permanent failures itself (DEAD_LETTER_QUEUE_URL), besides the queue's redrive policy.
  expect(edge('function:Billing', `queue:${ARN}Dlq`)?.kind).toBe('dead-letter');
  expect(edge('function:Publisher', `queue:${ARN}OutboxFailures`)?.kind).toBe('dead-letter');
  for (const dlq of ['TargetDlq', 'BufferDlq', 'Dlq', 'OutboxFailures']) expect(node(`queue:${ARN}${dlq}`)?.kind).toBe('dlq');
});

test('the outbox producer chain and the PutEvents clients lead into the bus', () => {
  expect(edge('function:Orders', 'table:outbox-table')?.kind).toBe('write');
  expect(edge('table:outbox-table', 'function:Publisher')?.kind).toBe('poll');
  expect(edge('function:Publisher', 'bus:router')?.kind).toBe('publish');
  // External PutEvents = all accepted minus what the outbox publisher put.
  expect(edge('producer:putevents', 'bus:router')?.flow).toEqual({ type: 'accepted', bus: 'router', minusMappings: ['S/PublisherMapping'] });
});

test('edges carry the counter of their flow', () => {
  expect(edge('bus:router', 'rule:S/Rule')?.flow).toEqual({ type: 'matched', rule: 'S/Rule' });
  expect(edge(`queue:${ARN}Buffer`, 'function:Forwarder')?.flow).toEqual({ type: 'mapping-records', mapping: 'S/ForwarderMapping' });
  expect(edge('function:Forwarder', `queue:${ARN}Queue`)?.flow).toEqual({ type: 'mapping-succeeded', mappings: ['S/ForwarderMapping'] });
});

test("a consumer's gap sweeper and its schedule sit in the consumer's lane, beside the forwarder, feeding the consumer queue", () => {
  expect(edge('schedule:S/GapSchedule', 'function:GapSweeper')).toMatchObject({ kind: 'trigger', flow: { type: 'invocations', functionName: 'GapSweeper' } });
  expect(edge('function:GapSweeper', `queue:${ARN}Queue`)?.kind).toBe('send');
  expect(edge('function:GapSweeper', `queue:${ARN}Dlq`)?.kind).toBe('dead-letter');
  expect([node('schedule:S/GapSchedule'), node('function:GapSweeper')].map((n) => [n?.label ?? n?.ref, n?.rank, n?.consumer])).toEqual([
    ['rate(1 minute)', 5, 'billing'],
    ['GapSweeper', 6, 'billing'],
  ]);
});

test('the outbox sweeper reads the outbox table and publishes to the bus; the stream reader marking rows draws no cycle', () => {
  expect(edge('schedule:S/OutboxSchedule', 'function:OutboxSweeper')?.kind).toBe('trigger');
  expect(edge('table:outbox-table', 'function:OutboxSweeper')?.kind).toBe('read');
  expect(edge('function:OutboxSweeper', 'bus:router')?.kind).toBe('publish');
  expect(edge('function:Publisher', 'table:outbox-table')).toBeUndefined();
  expect(node('function:OutboxSweeper')?.rank).toBe(node('function:Publisher')?.rank);
});

test('a scheduled function on no event path, and its schedule, are left out', () => {
  expect(node('function:Cleaner')).toBeUndefined();
  expect(node('schedule:S/CleanerSchedule')).toBeUndefined();
});

test('the consumers are named by their rules', () => {
  expect(topology.consumers).toEqual(['billing']);
});
