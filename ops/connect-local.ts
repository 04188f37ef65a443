import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { routerNames } from '../lib/index';
import { ConsumerNotFoundError, DiscoveryError, OpsInputError } from './errors';
import type { ConsumerResources, OpsTarget, QueueFigures, QueueRef, RoutedEvent, TraceLog, TraceRecords, QueuedCopy } from './types';

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

interface Endpoints {
  readonly eventBridge: string;
  readonly sqs: string;
  readonly dynamodb: string;
  readonly region: string;
  readonly accountId: string;
  readonly routerName: string;
}

interface Resources {
  readonly routerName: string;
  readonly busName?: string;
  readonly busArn?: string;
  readonly archives: readonly { readonly name: string; readonly arn: string; readonly busName: string }[];
  readonly consumers: ConsumerResources[];
  readonly queueStats: Record<string, { visible: number; inFlight: number; oldestAgeSeconds: number } | undefined>;
  readonly metrics: Record<string, Record<string, number>>;
}

/** GETs a JSON route of the local endpoint; a refused connection says to start the runtime. */
async function getJson<T>(base: string, path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${base}${path}`);
  } catch (error) {
    throw new DiscoveryError(`Nothing answers at ${base} (${(error as Error).message}). Start the local runtime with \`npm start\` and pass the EventBridge URL it prints.`, {
      cause: error,
    });
  }
  const text = await response.text();
  if (!response.ok) {
    throw new DiscoveryError(
      `${base}${path} answered ${response.status}: ${text.slice(0, 200)}. Is ${base} the EventBridge endpoint \`npm start\` printed (a runtime of this version)?`,
    );
  }
  return JSON.parse(text) as T;
}

/**
 * Connects to the local runtime whose EventBridge endpoint is `endpoint` (`npm start` prints it): reads
 * `GET /endpoints` for the SQS and DynamoDB endpoints and `GET /resources` for the consumers.
 */
export async function connectLocal(endpoint: string): Promise<OpsTarget> {
  if (!/^https?:\/\/[^/]+\/?$/.test(endpoint)) {
    throw new OpsInputError(`--endpoint must be the local runtime's URL, like http://127.0.0.1:4010; got ${JSON.stringify(endpoint)}.`);
  }
  const base = endpoint.replace(/\/$/, '');
  const endpoints = await getJson<Endpoints>(base, '/endpoints');
  const first = await getJson<Resources>(base, '/resources');
  const { region } = endpoints;
  const sqs = new SQSClient({ endpoint: endpoints.sqs, region, credentials: CREDENTIALS });
  const eventBridge = new EventBridgeClient({ endpoint: endpoints.eventBridge, region, credentials: CREDENTIALS });
  const dynamodb = new DynamoDBClient({ endpoint: endpoints.dynamodb, region, credentials: CREDENTIALS });
  const names = routerNames(endpoints.routerName);
  const archive = first.archives.find((candidate) => candidate.name === names.archive) ?? first.archives[0];
  const consumers = first.consumers;
  return {
    kind: 'local',
    region,
    routerName: endpoints.routerName,
    busName: first.busName ?? names.bus,
    busArn: first.busArn ?? `arn:aws:events:${region}:${endpoints.accountId}:event-bus/${names.bus}`,
    archiveArn: archive?.arn ?? `arn:aws:events:${region}:${endpoints.accountId}:archive/${names.archive}`,
    sqs,
    eventBridge,
    dynamodb,
    consumers: async () => consumers,
    consumer: async (name) => {
      const found = consumers.find((consumer) => consumer.name === name);
      if (found === undefined) throw new ConsumerNotFoundError(name, consumers.map((consumer) => consumer.name));
      return found;
    },
    async queueFigures(queue: QueueRef): Promise<QueueFigures> {
      const stats = (await getJson<Resources>(base, '/resources')).queueStats[queue.arn];
      return { visible: stats?.visible ?? 0, inFlight: stats?.inFlight ?? 0, oldestAgeSeconds: stats?.oldestAgeSeconds ?? 0 };
    },
    async metrics(consumer: string) {
      return (await getJson<Resources>(base, '/resources')).metrics[consumer] ?? {};
    },
    async traceRecords(query: string): Promise<TraceRecords> {
      return getJson<{ events: RoutedEvent[]; logs: TraceLog[]; queued: QueuedCopy[] }>(base, `/trace?q=${encodeURIComponent(query)}`);
    },
    close() {
      sqs.destroy();
      eventBridge.destroy();
      dynamodb.destroy();
    },
  };
}

/** The `GET /status` document of the local runtime (the status command checks it agrees). */
export async function localStatusReport(endpoint: string): Promise<{ consumers: Record<string, Record<string, number>> }> {
  return getJson(endpoint.replace(/\/$/, ''), '/status');
}
