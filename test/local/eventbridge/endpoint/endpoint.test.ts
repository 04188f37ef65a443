import {
  DescribeEventBusCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { jest } from '@jest/globals';
import { Command } from 'commander';
import { registerPublishCommand } from '../../../../cli/commands/publish';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSqs, type LocalSqs } from '../../../../local/sqs';
import { createEventBridge, type EventBridgeRuntime } from '../../../../local/eventbridge/endpoint/create-event-bridge';
import { patternEngine } from '../../../../local/eventbridge/endpoint/pattern-engine';
import { startEventBridgeEndpoint, type EventBridgeEndpoint } from '../../../../local/eventbridge/endpoint/server';

const account = { region: 'us-east-1', accountId: '000000000000' };
let sqs: LocalSqs;
let sqsClient: SQSClient;
let runtime: EventBridgeRuntime;
let endpoint: EventBridgeEndpoint;
let client: EventBridgeClient;

const detail = (data: Record<string, unknown>) => JSON.stringify({ metadata: { eventId: 'evt-1' }, data });

beforeAll(async () => {
  sqs = await startSqs();
  sqsClient = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  await sqsClient.send(new CreateQueueCommand({ QueueName: 'orders.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }));
  await sqsClient.send(new CreateQueueCommand({ QueueName: 'summaries' }));
  runtime = createEventBridge({
    account,
    sqs: sqsClient,
    engine: patternEngine(account),
    resources: [
      { stackName: 'RouterStack', logicalId: 'Bus', type: 'AWS::Events::EventBus', properties: { Name: 'orders-bus' } },
      {
        stackName: 'InventoryConsumerStack',
        logicalId: 'Rule',
        type: 'AWS::Events::Rule',
        properties: {
          EventBusName: 'orders-bus',
          Description: 'event-router consumer: inventory',
          EventPattern: { source: ['orders-service'], 'detail-type': ['OrderPlaced'] },
          Targets: [{ Id: 'Target0', Arn: sqs.queueArn('orders.fifo'), SqsParameters: { MessageGroupId: 'inventory' } }],
        },
      },
      {
        stackName: 'ReportsStack',
        logicalId: 'Rule',
        type: 'AWS::Events::Rule',
        properties: {
          EventBusName: 'orders-bus',
          EventPattern: { 'detail-type': ['OrderShipped'] },
          Targets: [
            {
              Id: 'Summary',
              Arn: sqs.queueArn('summaries'),
              InputTransformer: { InputPathsMap: { order: '$.detail.data.orderId' }, InputTemplate: '{"shipped": <order>}' },
            },
          ],
        },
      },
    ],
  });
  endpoint = await startEventBridgeEndpoint({ bridge: runtime.bridge });
  client = new EventBridgeClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
});

afterAll(async () => {
  client.destroy();
  await endpoint.stop();
  await runtime.delivery.stop();
  sqsClient.destroy();
  await sqs.stop();
});

async function receive(queue: string) {
  const out = await sqsClient.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl(queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
  // Deleted at once, so the FIFO group is free for the next test.
  for (const message of out.Messages ?? []) {
    await sqsClient.send(new DeleteMessageCommand({ QueueUrl: sqs.queueUrl(queue), ReceiptHandle: message.ReceiptHandle! }));
  }
  return out.Messages ?? [];
}

describe('local EventBridge endpoint through @aws-sdk/client-eventbridge', () => {
  test('PutEvents answers an EventId per entry and delivers the envelope to the matching rule target', async () => {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: 'orders-bus', Source: 'orders-service', DetailType: 'OrderPlaced', Detail: detail({ orderId: 'ord_1' }) }],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    await runtime.delivery.drain();
    const [message] = await receive('orders.fifo');
    expect(JSON.parse(message.Body!)).toEqual({
      version: '0',
      id: out.Entries![0].EventId,
      'detail-type': 'OrderPlaced',
      source: 'orders-service',
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'us-east-1',
      resources: [],
      detail: { metadata: { eventId: 'evt-1' }, data: { orderId: 'ord_1' } },
    });
  });

  test('a target with an InputTransformer receives the rendered template', async () => {
    await client.send(
      new PutEventsCommand({ Entries: [{ EventBusName: 'orders-bus', Source: 'orders-service', DetailType: 'OrderShipped', Detail: detail({ orderId: 'ord_7' }) }] }),
    );
    await runtime.delivery.drain();
    const [message] = await receive('summaries');
    expect(JSON.parse(message.Body!)).toEqual({ shipped: 'ord_7' });
  });

  test('invalid entries get AWS per-entry error codes in order, valid ones still go through', async () => {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'orders-bus', Source: 'orders-service', DetailType: 'OrderPlaced', Detail: '[1,2]' },
          { EventBusName: 'orders-bus', DetailType: 'OrderPlaced', Detail: detail({}) },
          { EventBusName: 'orders-bus', Source: 'orders-service', DetailType: 'Unrouted', Detail: detail({}) },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(2);
    expect(out.Entries).toEqual([
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { EventId: expect.any(String) },
    ]);
  });

  test('more than 10 entries make the SDK throw ValidationException', async () => {
    const entries = Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 'd', Detail: '{}' }));
    await expect(client.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Member must have length less than or equal to 10'),
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('lists and describes the buses and rules of the templates', async () => {
    const buses = await client.send(new ListEventBusesCommand({}));
    expect(buses.EventBuses?.map((bus) => bus.Name)).toEqual(['default', 'orders-bus']);
    const bus = await client.send(new DescribeEventBusCommand({ Name: 'orders-bus' }));
    expect(bus.Arn).toBe('arn:aws:events:us-east-1:000000000000:event-bus/orders-bus');
    const rules = await client.send(new ListRulesCommand({ EventBusName: 'orders-bus' }));
    expect(rules.Rules?.map((rule) => rule.Description)).toEqual(['event-router consumer: inventory', undefined]);
    const rule = await client.send(new DescribeRuleCommand({ Name: rules.Rules![0].Name!, EventBusName: 'orders-bus' }));
    expect(JSON.parse(rule.EventPattern!)).toEqual({ source: ['orders-service'], 'detail-type': ['OrderPlaced'] });
    const targets = await client.send(new ListTargetsByRuleCommand({ Rule: rules.Rules![0].Name!, EventBusName: 'orders-bus' }));
    expect(targets.Targets?.[0]).toMatchObject({ Id: 'Target0', SqsParameters: { MessageGroupId: 'inventory' } });
  });

  test('a bus that does not exist is ResourceNotFoundException with AWS message', async () => {
    await expect(client.send(new DescribeEventBusCommand({ Name: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Event bus nope does not exist.',
    });
  });

  test('TestEventPattern matches with the pattern engine and reports invalid patterns as AWS does', async () => {
    const event = JSON.stringify({ id: '1', source: 'orders-service', 'detail-type': 'OrderPlaced', account: '1', time: '2026-11-23T10:00:00Z', region: 'us-east-1', resources: [], detail: {} });
    expect((await client.send(new TestEventPatternCommand({ EventPattern: '{"source":["orders-service"]}', Event: event }))).Result).toBe(true);
    expect((await client.send(new TestEventPatternCommand({ EventPattern: '{"source":["other"]}', Event: event }))).Result).toBe(false);
    await expect(client.send(new TestEventPatternCommand({ EventPattern: '{"source":[]}', Event: event }))).rejects.toMatchObject({
      name: 'InvalidEventPatternException',
      message: expect.stringContaining('Empty arrays are not allowed'),
    });
  });

  test('GET /status answers 503 until the runtime serves figures, then the provider document', async () => {
    expect((await fetch(`${endpoint.url}/status`)).status).toBe(503);
    endpoint.serveStatus(() => ({ consumers: {} }));
    const response = await fetch(`${endpoint.url}/status`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ consumers: {} });
  });
});

const ORDER_PLACED = {
  orderId: 'ord_cli',
  customerId: 'cus_1',
  lines: [{ sku: 'sku-1', quantity: 1, unitPriceCents: 4995 }],
  totalCents: 4995,
  currency: 'EUR',
};

describe('event-router publish against the local endpoint', () => {
  async function publish(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    const program = new Command().exitOverride();
    registerPublishCommand(program);
    let stdout = '';
    let stderr = '';
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    const previous = process.exitCode;
    process.exitCode = 0;
    try {
      await program.parseAsync(['node', 'event-router', 'publish', '--endpoint', endpoint.url, '--bus', 'orders-bus', ...args]);
      return { stdout, stderr, exitCode: Number(process.exitCode ?? 0) };
    } finally {
      out.mockRestore();
      err.mockRestore();
      process.exitCode = previous;
    }
  }

  test('sends the detail wrapped in the envelope and prints the EventId', async () => {
    const result = await publish(['--detail-type', 'OrderPlaced', '--detail', JSON.stringify(ORDER_PLACED), '--event-id', 'evt-cli']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^[0-9a-f-]{36} \(eventId evt-cli\)\n$/);
    await runtime.delivery.drain();
    const [message] = await receive('orders.fifo');
    expect(JSON.parse(message.Body!).detail).toEqual({
      metadata: { eventId: 'evt-cli', eventType: 'order.placed', eventVersion: '1', occurredAt: expect.any(String), producer: 'orders-service' },
      data: ORDER_PLACED,
    });
  });

  test('refuses data its schema rejects, exits 2 naming the field, and sends nothing', async () => {
    const result = await publish(['--detail-type', 'OrderPlaced', '--detail', '{"orderId":"ord_cli"}']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/lines/);
    expect(result.stderr).toMatch(/--no-validate/);
    await runtime.delivery.drain();
    expect(await receive('orders.fifo')).toHaveLength(0);
  });

  test('prints the per-entry error and exits 1 when PutEvents rejects the entry', async () => {
    const result = await publish(['--detail-type', 'OrderPlaced', '--detail', '{}', '--source', 'aws.orders', '--no-validate']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('PutEvents rejected the event: NotAuthorizedForSourceException: Not authorized for the source.\n');
  });
});
