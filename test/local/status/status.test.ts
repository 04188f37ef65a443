import { PassThrough } from 'node:stream';
import type { EventsResource } from '../../../local/eventbridge/endpoint/bus-model';
import type { RuleDefinition } from '../../../local/eventbridge/endpoint/bus-model';
import { consumerWiring } from '../../../local/status/consumer-wiring';
import { StatusTracker, type ConsumerMetric } from '../../../local/status/status-tracker';
import { renderStatusLines, renderStatusTable, startStatusView } from '../../../local/status/status-view';

const arn = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;
const queue = (logicalId: string, name: string, dlq?: string): EventsResource => ({
  stackName: 'InventoryConsumerStack',
  logicalId,
  type: 'AWS::SQS::Queue',
  properties: dlq === undefined ? {} : { RedrivePolicy: { deadLetterTargetArn: arn(dlq), maxReceiveCount: 5 } },
  attributes: { Arn: arn(name), QueueName: name },
});

/** The resources one FifoConsumer synthesizes to, as the template resolver hands them over. */
const resources: EventsResource[] = [
  {
    stackName: 'InventoryConsumerStack',
    logicalId: 'ConsumerRule',
    type: 'AWS::Events::Rule',
    properties: {
      Description: 'event-router consumer: inventory',
      Targets: [{ Id: 'Target0', Arn: arn('buffer.fifo'), DeadLetterConfig: { Arn: arn('target-dlq') } }],
    },
  },
  queue('ConsumerBufferQueue', 'buffer.fifo', 'buffer-dlq.fifo'),
  queue('ConsumerQueue', 'queue.fifo', 'dlq.fifo'),
  queue('ConsumerDeadLetterQueue', 'dlq.fifo'),
  {
    stackName: 'InventoryConsumerStack',
    logicalId: 'ConsumerFunction',
    type: 'AWS::Lambda::Function',
    properties: { Environment: { Variables: { CONSUMER_NAME: 'inventory' } } },
    physicalId: 'inventory-fn',
  },
  {
    stackName: 'InventoryConsumerStack',
    logicalId: 'ConsumerFunctionSqsEventSource',
    type: 'AWS::Lambda::EventSourceMapping',
    properties: { FunctionName: 'inventory-fn', EventSourceArn: arn('queue.fifo') },
  },
];

describe('status', () => {
  test('finds a consumer from its rule Description, with its buffer and FIFO queues and all three DLQs', () => {
    expect(consumerWiring(resources)).toEqual([
      {
        name: 'inventory',
        ruleLogicalIds: ['InventoryConsumerStack/ConsumerRule'],
        queueArns: [arn('buffer.fifo'), arn('queue.fifo')],
        dlqArns: [arn('target-dlq'), arn('buffer-dlq.fifo'), arn('dlq.fifo')],
        functionNames: ['inventory-fn'],
      },
    ]);
  });

  test('reports received from routing, processed/duplicates from EMF sums, DLQ depth and the oldest age', async () => {
    const metrics: Record<ConsumerMetric, number> = { EventsProcessed: 7, DuplicatesSkipped: 2, EventsFailed: 1 };
    const depth: Record<string, { messages: number; oldestAgeSeconds: number }> = {
      [arn('queue.fifo')]: { messages: 3, oldestAgeSeconds: 12.7 },
      [arn('dlq.fifo')]: { messages: 1, oldestAgeSeconds: 40 },
      [arn('target-dlq')]: { messages: 1, oldestAgeSeconds: 1 },
    };
    const tracker = new StatusTracker(consumerWiring(resources), {
      metric: (consumer, name) => (consumer === 'inventory' ? metrics[name] : 0),
      queue: async (queueArn) => depth[queueArn] ?? { messages: 0, oldestAgeSeconds: 0 },
    });
    const rule = { origin: 'InventoryConsumerStack/ConsumerRule' } as RuleDefinition;
    tracker.onRouted({}, 'bus', [rule]);
    tracker.onRouted({}, 'bus', [rule]);
    tracker.onRouted({}, 'bus', []);
    expect(await tracker.report()).toEqual({
      consumers: { inventory: { received: 2, processed: 7, duplicates: 2, failed: 0, dlq: 2, oldestAgeSeconds: 12, dropped: 0 } },
    });
  });

  test('failed counts messages, not attempts: a message that fails five times counts once', async () => {
    const tracker = new StatusTracker(consumerWiring(resources), { metric: () => 0, queue: async () => ({ messages: 0, oldestAgeSeconds: 0 }) });
    const errorLine = (messageId: string) =>
      JSON.stringify({ level: 'ERROR', message: 'Event handler failed: message and the rest of its group reported failed', messageId, eventId: 'e1' });
    for (let attempt = 0; attempt < 5; attempt += 1) tracker.onFunctionLog('inventory-fn', errorLine('m-1'));
    tracker.onFunctionLog('inventory-fn', errorLine('m-2'));
    // Not failures: a warning naming a message, another function's error, a line that is not JSON.
    tracker.onFunctionLog('inventory-fn', JSON.stringify({ level: 'WARN', message: 'Message not processed: an earlier message of its group failed', messageId: 'm-3' }));
    tracker.onFunctionLog('orders-fn', errorLine('m-4'));
    tracker.onFunctionLog('inventory-fn', 'ERROR messageId m-5');
    // A crashed invocation fails every message it carried, m-2 again among them.
    tracker.onFailedInvocation('inventory-fn', ['m-2', 'm-6']);
    expect((await tracker.report()).consumers.inventory.failed).toBe(3);
  });

  test('an event that the target and its DLQ both refused is counted as dropped for the consumer of the rule', async () => {
    const tracker = new StatusTracker(consumerWiring(resources), { metric: () => 0, queue: async () => ({ messages: 0, oldestAgeSeconds: 0 }) });
    tracker.onDropped({ origin: 'InventoryConsumerStack/ConsumerRule' });
    tracker.onDropped({ origin: 'OtherStack/NotAConsumerRule' });
    expect((await tracker.report()).consumers.inventory.dropped).toBe(1);
  });

  test('the report has a faults object only when the runtime injects faults', async () => {
    const sources = { metric: () => 0, queue: async () => ({ messages: 0, oldestAgeSeconds: 0 }) };
    expect(Object.keys(await new StatusTracker(consumerWiring(resources), sources).report())).toEqual(['consumers']);
    const faulted = new StatusTracker(consumerWiring(resources), { ...sources, faults: () => ({ reorder: 3, crash: 0 }) });
    expect((await faulted.report()).faults).toEqual({ reorder: 3, crash: 0 });
  });

  test('renders an aligned table and plain lines', () => {
    const report = { consumers: { inventory: { received: 12, processed: 10, duplicates: 1, failed: 0, dlq: 0, oldestAgeSeconds: 3, dropped: 1 } } };
    expect(renderStatusTable(report)).toEqual([
      'consumer   received  processed  duplicates  failed  in DLQ  oldest (s)  dropped',
      'inventory        12         10           1       0       0           3        1',
    ]);
    expect(renderStatusLines(report, new Date('2026-11-23T10:00:00Z'))).toEqual([
      '2026-11-23T10:00:00.000Z inventory received=12 processed=10 duplicates=1 failed=0 dlq=0 oldestAgeSeconds=3 dropped=1',
    ]);
  });

  test('the table and plain lines name the faults and their counts when faults are on', () => {
    const report = {
      consumers: { inventory: { received: 1, processed: 1, duplicates: 0, failed: 0, dlq: 0, oldestAgeSeconds: 0, dropped: 0 } },
      faults: { reorder: 4, duplicate: 2 },
    };
    expect(renderStatusTable(report).at(-1)).toBe('faults: reorder=4 duplicate=2');
    expect(renderStatusLines(report, new Date('2026-11-23T10:00:00Z')).at(-1)).toBe('2026-11-23T10:00:00.000Z faults: reorder=4 duplicate=2');
  });

  test('the live view prints plain lines to a pipe only when a figure changed', async () => {
    const out = new PassThrough() as unknown as NodeJS.WriteStream;
    let written = '';
    (out as unknown as PassThrough).on('data', (chunk: Buffer) => (written += chunk.toString()));
    let processed = 0;
    const view = startStatusView({
      out,
      intervalMs: 5,
      report: async () => ({ consumers: { inventory: { received: 1, processed, duplicates: 0, failed: 0, dlq: 0, oldestAgeSeconds: 0, dropped: 0 } } }),
    });
    await new Promise((done) => setTimeout(done, 40));
    processed = 1;
    await new Promise((done) => setTimeout(done, 40));
    await view.stop();
    expect(written.trim().split('\n').map((line) => line.replace(/^\S+ /, ''))).toEqual([
      'inventory received=1 processed=0 duplicates=0 failed=0 dlq=0 oldestAgeSeconds=0 dropped=0',
      'inventory received=1 processed=1 duplicates=0 failed=0 dlq=0 oldestAgeSeconds=0 dropped=0',
    ]);
  });
});
