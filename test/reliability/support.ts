import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSqs, type LocalSqs } from '../../local/sqs';
import { createEventBridge, type EventBridgeRuntime } from '../../local/eventbridge/endpoint/create-event-bridge';
import { patternEngine } from '../../local/eventbridge/endpoint/pattern-engine';
import { startEventBridgeEndpoint, type EventBridgeEndpoint } from '../../local/eventbridge/endpoint/server';

/** The repository root. */
export const REPO = resolve(import.meta.dirname, '../..');

/** The row ids of docs/reliability.md's table, in document order. */
export function documentedRowIds(): string[] {
  const doc = readFileSync(resolve(REPO, 'docs/reliability.md'), 'utf8');
  return [...doc.matchAll(/^\| `([A-Z]+-\d+)` \|/gm)].map((m) => m[1] as string);
}

const ACCOUNT = { region: 'us-east-1', accountId: '000000000000' };

/** The local SQS and EventBridge endpoints with the router's bus and one rule, as `npm start` stands them up. */
export interface Endpoints {
  readonly sqs: LocalSqs;
  readonly sqsClient: SQSClient;
  readonly eventBridge: EventBridgeEndpoint;
  readonly bridge: EventBridgeRuntime;
  readonly client: EventBridgeClient;
  /** Buses named by accepted events that no template declares. */
  readonly unknownBuses: string[];
  stop(): Promise<void>;
}

/** Starts the endpoints on free ports: the bus `event-router` with its archive, a rule for `orders-service` into `orders.fifo`. */
export async function startEndpoints(): Promise<Endpoints> {
  const sqs = await startSqs();
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const sqsClient = new SQSClient({ endpoint: sqs.endpoint, region: ACCOUNT.region, credentials });
  await sqsClient.send(new CreateQueueCommand({ QueueName: 'orders.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }));
  const unknownBuses: string[] = [];
  const bridge = createEventBridge({
    account: ACCOUNT,
    sqs: sqsClient,
    engine: patternEngine({ account: ACCOUNT.accountId, region: ACCOUNT.region }),
    listener: { onUnknownBus: (_event, bus) => unknownBuses.push(bus) },
    resources: [
      { stackName: 'RouterStack', logicalId: 'Bus', type: 'AWS::Events::EventBus', properties: { Name: 'event-router' } },
      {
        stackName: 'RouterStack',
        logicalId: 'Archive',
        type: 'AWS::Events::Archive',
        properties: { ArchiveName: 'event-router-archive', SourceArn: `arn:aws:events:${ACCOUNT.region}:${ACCOUNT.accountId}:event-bus/event-router`, RetentionDays: 30 },
      },
      {
        stackName: 'InventoryStack',
        logicalId: 'Rule',
        type: 'AWS::Events::Rule',
        properties: {
          EventBusName: 'event-router',
          EventPattern: { source: ['orders-service'] },
          Targets: [{ Id: 'T', Arn: sqs.queueArn('orders.fifo'), SqsParameters: { MessageGroupId: 'inventory' } }],
        },
      },
    ],
  });
  const eventBridge = await startEventBridgeEndpoint({ bridge: bridge.bridge });
  const client = new EventBridgeClient({ endpoint: eventBridge.url, region: ACCOUNT.region, credentials, maxAttempts: 1 });
  return {
    sqs,
    sqsClient,
    eventBridge,
    bridge,
    client,
    unknownBuses,
    async stop() {
      client.destroy();
      await eventBridge.stop();
      await bridge.delivery.stop();
      sqsClient.destroy();
      await sqs.stop();
    },
  };
}

/** A raw POST to an AWS JSON endpoint: what a hostile client can send that no SDK would. */
export async function rawPost(url: string, target: string, body: string, contentType = 'application/x-amz-json-1.1'): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const req = request(url, { method: 'POST', headers: { 'x-amz-target': target, 'content-type': contentType } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        done({ status: res.statusCode ?? 0, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) });
      });
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** The error an SDK call threw: its name (AWS's code) and message. */
export async function sdkError(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('expected the call to fail');
}

/** Runs the real AWS CLI against a local endpoint; exit code, stdout and stderr. */
export async function awsCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('aws', [...args], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'us-east-1', AWS_MAX_ATTEMPTS: '1', AWS_PAGER: '' },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Runs `event-router <args>` as a user does (tsx cli/main.ts); exit code, stdout and stderr. */
export async function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const tsx = resolve(REPO, 'node_modules', '.bin', 'tsx');
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ['cli/main.ts', ...args], { cwd: REPO, env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** True when text looks like a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+:\d+:\d+\)?/.test(text);
}

/** `n` levels of `{"a":...}` around `inner`. */
export function nested(n: number, inner = '1'): string {
  return '{"a":'.repeat(n) + inner + '}'.repeat(n);
}
