/**
 * The EventBridge endpoint as the runtime starts it: `/status` counts an event no queue took as
 * dropped for its consumer, and reports the run's faults only when the run has them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { startLocalRuntime, type LocalRuntime } from '../../../local/runtime';
import { startLocalEventBridge, type LocalEventBridgeService } from '../../../local/router/index';
import type { DeliveryFailure } from '../../../local/eventbridge/endpoint/target-delivery';
import type { FaultSpec } from '../../../local/faults';

/** One stack: a bus, and a consumer rule whose target queue and DLQ both take at most 1 KiB. */
function assembly(): string {
  const dir = mkdtempSync(join(tmpdir(), 'faults-bridge-'));
  const template = {
    Resources: {
      Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'bus' } },
      Buffer: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true, ContentBasedDeduplication: true, MaximumMessageSize: 1024 } },
      TargetDlq: { Type: 'AWS::SQS::Queue', Properties: { MaximumMessageSize: 1024 } },
      Rule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          EventBusName: 'bus',
          Description: 'event-router consumer: sized',
          EventPattern: { source: ['orders-service'] },
          Targets: [
            {
              Id: 'Buffer',
              Arn: { 'Fn::GetAtt': ['Buffer', 'Arn'] },
              SqsParameters: { MessageGroupId: 'sized' },
              DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['TargetDlq', 'Arn'] } },
            },
          ],
        },
      },
    },
  };
  writeFileSync(join(dir, 'App.template.json'), JSON.stringify(template));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ version: '55.0.0', artifacts: { App: { type: 'aws:cloudformation:stack', properties: { templateFile: 'App.template.json' } } } }),
  );
  return dir;
}

const runs: Array<{ runtime: LocalRuntime; client: EventBridgeClient }> = [];
afterAll(async () => {
  for (const { runtime, client } of runs) {
    client.destroy();
    await runtime.stop();
  }
});

async function start(faults?: FaultSpec) {
  let bridge: LocalEventBridgeService | undefined;
  const dropped: DeliveryFailure[] = [];
  // No tables and no functions: nothing ever calls DynamoDB, so no DynamoDB Local is needed.
  const runtime = await startLocalRuntime({
    cdkOut: assembly(),
    dynamoDbEndpoint: 'http://127.0.0.1:9',
    faults,
    eventBridge: async (context) => (bridge = await startLocalEventBridge(context, { onDropped: (failure) => dropped.push(failure) })),
  });
  const client = new EventBridgeClient({ endpoint: bridge!.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  runs.push({ runtime, client });
  return { bridge: bridge!, client, dropped };
}

const entry = (blob: string) => ({ EventBusName: 'bus', Source: 'orders-service', DetailType: 'OrderPlaced', Detail: JSON.stringify({ data: { blob } }) });

test('an event the target queue and its DLQ both refuse is accepted, then counted as dropped for the consumer in /status', async () => {
  const { bridge, client, dropped } = await start();
  const out = await client.send(new PutEventsCommand({ Entries: [entry('x'.repeat(4096)), entry('small')] }));
  expect(out.FailedEntryCount).toBe(0);
  await bridge.drain();
  const status = await bridge.status();
  expect(status.consumers.sized).toMatchObject({ received: 2, dropped: 1, dlq: 0 });
  expect(dropped).toHaveLength(1);
  expect(dropped[0]!.errorMessage).toMatch(/refused it/);
  // Without --faults the report has no faults object.
  expect(Object.keys(status)).toEqual(['consumers']);
});

test("with faults, /status names and counts the run's faults", async () => {
  const { bridge, client } = await start({ seed: 4, putEventsFail: 1 });
  const out = await client.send(new PutEventsCommand({ Entries: [entry('a'), entry('b')] }));
  expect(out.FailedEntryCount).toBe(2);
  const status = await bridge.status();
  expect(status.faults).toEqual({ 'put-events-fail': 2 });
  expect(status.consumers.sized.received).toBe(0);
  const served = (await (await fetch(`${bridge.endpoint}/status`)).json()) as { faults?: unknown };
  expect(served.faults).toEqual({ 'put-events-fail': 2 });
});
