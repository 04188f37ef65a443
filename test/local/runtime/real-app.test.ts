import { mkdtempSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { buildApp } from '../../../bin/build-app';
import { startLocalRuntime, type LocalRuntime } from '../../../local/runtime';

/** True when something accepts connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('startLocalRuntime on the synthesized app', () => {
  let runtime: LocalRuntime;
  const cdkOut = mkdtempSync(join(tmpdir(), 'e1-real-app-'));

  beforeAll(async () => {
    // The real app, bundled: the very assets `cdk deploy` would upload.
    buildApp({ outdir: cdkOut, nag: false }).synth();
    runtime = await startLocalRuntime({ cdkOut });
  }, 240_000);
  afterAll(async () => runtime?.stop());

  it('creates every table of every stack on DynamoDB Local', async () => {
    const client = runtime.dynamoDbClient();
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    const declared = runtime.resources.filter((r) => r.type === 'AWS::DynamoDB::Table').map((r) => r.physicalId);
    expect(declared.length).toBeGreaterThan(0);
    expect(TableNames).toEqual(expect.arrayContaining(declared));
    client.destroy();
  });

  it('creates every queue, each consumer queue redriving to its DLQ', async () => {
    const sqs = runtime.sqsClient();
    const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));
    expect(QueueUrls.sort()).toEqual(runtime.queues.map((q) => q.url).sort());
    for (const queue of runtime.queues.filter((q) => q.deadLetterArn !== undefined)) {
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['RedrivePolicy'] }));
      expect(JSON.parse(Attributes!.RedrivePolicy!).deadLetterTargetArn).toBe(queue.deadLetterArn);
    }
    sqs.destroy();
  });

  it('loads every bundled function: its module imports and its top-level code runs with the template environment', async () => {
    expect(runtime.functions.length).toBeGreaterThan(0);
    for (const { fn } of runtime.functions) await expect(fn.warm()).resolves.toBeUndefined();
  });

  it('invokes a bundled consumer with an empty SQS batch and gets an empty batch response', async () => {
    const consumer = runtime.functions.find((f) => f.consumerName !== undefined && f.logicalId.startsWith('ConsumerFunction'))!;
    await expect(consumer.fn.invoke({ Records: [] })).resolves.toEqual({ batchItemFailures: [] });
  });

  it('starts one poller per event source mapping of the templates', () => {
    const mappings = runtime.resources.filter((r) => r.type === 'AWS::Lambda::EventSourceMapping').map((r) => `${r.stackName}/${r.logicalId}`);
    expect(runtime.eventSources.map((s) => s.mapping).sort()).toEqual(mappings.sort());
    expect(runtime.eventSources.some((s) => s.kind === 'dynamodb-stream')).toBe(true);
  });

  it('frees the DynamoDB Local and SQS ports on stop', async () => {
    const ports = [runtime.endpoints.dynamodb, runtime.endpoints.sqs].map((url) => Number(new URL(url).port));
    await runtime.stop();
    for (const port of ports) await expect(listening(port)).resolves.toBe(false);
  });
});
