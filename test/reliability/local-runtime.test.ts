import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { attachWebView, type WebView } from '../../local/web';
import { startLocalEventBridge, type LocalEventBridgeService } from '../../local/router/index';
import type { DeliveryFailure } from '../../local/eventbridge/endpoint/target-delivery';
import { createEvent } from '../../runtime/envelope';
import { publish } from '../../runtime/publisher';

// The local runtime on a one-consumer app (ids FAULT-nn and WEB-nn in docs/reliability.md).
// Oversize events: what PutEvents accepts reaches the consumer's queues, which take SQS's 1 MiB
// like FifoConsumer's do; an event too big for them is counted as dropped in /status and named with
// its size and the limit, and publish() refuses such an event before sending it. The web view's
// JSON API, served on the same port, answers bad requests with 400/404 and what to fix.

const MIB = 1_048_576;

/** One stack shaped like a FifoConsumer's intake: a standard buffer queue and a rule-target DLQ, both at 1 MiB. */
function assembly(dir: string): string {
  const template = {
    Resources: {
      Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'event-router' } },
      Buffer: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'sized-buffer', MaximumMessageSize: MIB } },
      TargetDlq: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'sized-target-dlq', MaximumMessageSize: MIB } },
      Rule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          EventBusName: 'event-router',
          Description: 'event-router consumer: sized',
          EventPattern: { source: ['orders-service'] },
          Targets: [{ Id: 'Buffer', Arn: { 'Fn::GetAtt': ['Buffer', 'Arn'] }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['TargetDlq', 'Arn'] } } }],
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

const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };
let dir: string;
let runtime: LocalRuntime;
let bridge: LocalEventBridgeService;
let client: EventBridgeClient;
let sqs: SQSClient;
let web: WebView;
const dropped: DeliveryFailure[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reliability-sizes-'));
  // No tables and no functions: nothing calls DynamoDB, so no DynamoDB Local is needed.
  runtime = await startLocalRuntime({
    cdkOut: assembly(dir),
    dynamoDbEndpoint: 'http://127.0.0.1:9',
    eventBridge: async (context) => (bridge = await startLocalEventBridge(context, { onDropped: (failure) => dropped.push(failure), backoffScale: 0.001 })),
  });
  client = new EventBridgeClient({ endpoint: bridge.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  sqs = new SQSClient({ endpoint: runtime.endpoints.sqs, region: 'us-east-1', credentials });
  web = attachWebView(runtime, bridge);
});

afterAll(async () => {
  web?.stop();
  client?.destroy();
  sqs?.destroy();
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const entry = (detail: string) => ({ EventBusName: 'event-router', Source: 'orders-service', DetailType: 'OrderPlaced', Detail: detail });

async function messagesIn(queueName: string): Promise<number> {
  const url = `${runtime.endpoints.sqs}/000000000000/${queueName}`;
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(out.Attributes?.ApproximateNumberOfMessages);
}

describe('oversize events', () => {
  test('FAULT-01: a 300 KB event PutEvents accepts is delivered to the 1 MiB buffer queue, not dropped', async () => {
    const out = await client.send(new PutEventsCommand({ Entries: [entry(JSON.stringify({ data: { blob: 'x'.repeat(300_000) } }))] }));
    expect(out.FailedEntryCount).toBe(0);
    await bridge.drain();
    expect(await messagesIn('sized-buffer')).toBe(1);
    expect((await bridge.status()).consumers.sized).toMatchObject({ received: 1, dropped: 0 });
  });

  test('FAULT-02: an event PutEvents accepts but no queue can take is counted as dropped in /status, named with its size and the limit', async () => {
    // Under PutEvents' 1 MiB entry limit, over SQS's 1 MiB once EventBridge wraps it in its envelope.
    const detail = JSON.stringify({ data: { blob: 'x'.repeat(MIB - 200) } });
    const out = await client.send(new PutEventsCommand({ Entries: [entry(detail)] }));
    expect(out.FailedEntryCount).toBe(0);
    await bridge.drain();
    expect((await bridge.status()).consumers.sized).toMatchObject({ received: 2, dropped: 1 });
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.errorMessage).toMatch(/\b\d{7} bytes\b/);
    expect(dropped[0]!.errorMessage).toContain(String(MIB));
  });
});

describe('publish()', () => {
  test('FAULT-03: publish() refuses an event whose delivered form exceeds the queues\' limit, naming its size and the limit, and sends nothing', async () => {
    const sends: unknown[] = [];
    const fake = { send: async (command: unknown) => void sends.push(command) };
    const event = createEvent({ source: 'orders-service', detailType: 'OrderPlaced', eventType: 'order.placed', data: { blob: 'x'.repeat(MIB - 2_000) } });
    await expect(publish([event], { client: fake as never })).rejects.toThrow(/event is \d+ bytes as delivered .*over the \d+-byte limit of the queues/);
    expect(sends).toEqual([]);
  });
});

describe('web view API', () => {
  /** A call to the web view's JSON API: its HTTP status and the message it answers with. */
  const call = async (path: string, body?: string, method = body === undefined ? 'GET' : 'POST') => {
    const response = await fetch(`${bridge.endpoint}${path}`, body === undefined ? { method } : { method, body });
    const text = await response.text();
    return { status: response.status, message: (JSON.parse(text) as { message?: string }).message ?? text };
  };

  test('WEB-01: a publish body that is not JSON is 400 with the parse error', async () => {
    expect(await call('/api/publish', '{not json')).toEqual({ status: 400, message: expect.stringMatching(/^The request body is not JSON: /) });
  });

  test('WEB-02: a validate body that is JSON but not a publish request is 400 naming what it needs', async () => {
    for (const body of ['[1,2]', 'null', '{}', '"text"']) {
      const answer = await call('/api/validate', body);
      expect(answer.status).toBe(400);
      expect(answer.message).toMatch(/detailType/);
    }
  });

  test('WEB-06: data that is not an object is 400 from createEvent naming the field, not a 500', async () => {
    const answer = await call('/api/validate', JSON.stringify({ detailType: 'OrderPlaced', version: '1', data: 'a string' }));
    expect(answer).toEqual({ status: 400, message: expect.stringContaining('data must be a JSON object') });
  });

  test('WEB-03: a body over 512 KiB is 400 saying the limit', async () => {
    expect(await call('/api/publish', JSON.stringify({ data: 'x'.repeat(600_000) }))).toEqual({ status: 400, message: 'The request body is over 524288 bytes.' });
  });

  test('WEB-04: a redrive body that is not JSON, or without ids, is 400 saying what to send', async () => {
    expect(await call('/api/dlq/sized/redrive', '{oops')).toEqual({ status: 400, message: expect.stringMatching(/^The request body is not JSON: /) });
    expect(await call('/api/dlq/sized/redrive', '{"ids":"m-1"}')).toEqual({
      status: 400,
      message: 'ids must be a non-empty array of the DLQ message ids (or eventIds) to redrive.',
    });
  });

  test('WEB-05: an API route that does not exist, or a DLQ of no consumer, is 404 naming it', async () => {
    expect(await call('/api/nope')).toEqual({ status: 404, message: 'No API GET /api/nope.' });
    expect(await call('/api/dlq/nobody')).toEqual({ status: 404, message: expect.stringContaining('nobody') });
  });
});
