import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { routerNames } from '../lib/index';
import { consumerOfStackDescription } from '../runtime/contract';
import { MetricName, METRICS_NAMESPACE } from '../runtime/observability';
import { ConsumerNotFoundError, DiscoveryError } from './errors';
import type { ConsumerResources, OpsTarget, QueueFigures, QueueRef, TraceLog, TraceRecords } from './types';

/** Options of {@link connectAws}. */
export interface ConnectAwsOptions {
  /** The router's name (its bus is named after it). @default 'event-router' */
  readonly routerName?: string;
  /** @default $AWS_REGION, else us-east-1 */
  readonly region?: string;
  /** Clients to use instead of new ones (tests pass mocked ones). */
  readonly clients?: Partial<AwsClients>;
}

/** The AWS SDK clients the AWS target uses. */
export interface AwsClients {
  readonly cloudFormation: CloudFormationClient;
  readonly cloudWatch: CloudWatchClient;
  readonly logs: CloudWatchLogsClient;
  readonly sqs: SQSClient;
  readonly eventBridge: EventBridgeClient;
  readonly dynamodb: DynamoDBClient;
}

/** `inventory` -> `InventoryConsumerStack`, as bin/build-app.ts names consumer stacks. */
export function consumerStackName(consumer: string): string {
  return `${consumer
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}ConsumerStack`;
}

/** The FifoConsumer's construct ids: logical ids are `Consumer<Id><8 hex>`. */
const ROLE_OF = /^Consumer(Queue|DeadLetterQueue|BufferQueue|BufferDeadLetterQueue|TargetDeadLetterQueue|Rule|DedupeTable|StateTable|Function|Forwarder|FunctionLogGroup|ForwarderLogGroup)[0-9A-F]{8}$/;

/**
 * Connects to the deployed router: consumer stacks are found by CloudFormation (stack `<Pascal>ConsumerStack`,
 * description `event-router consumer <name>: ...`) and kept only when their rule is on the router's bus; their
 * queues, tables, rule and log groups come from the stack's resources.
 */
export async function connectAws(options: ConnectAwsOptions = {}): Promise<OpsTarget> {
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const names = routerNames(options.routerName);
  const clients: AwsClients = {
    cloudFormation: options.clients?.cloudFormation ?? new CloudFormationClient({ region }),
    cloudWatch: options.clients?.cloudWatch ?? new CloudWatchClient({ region }),
    logs: options.clients?.logs ?? new CloudWatchLogsClient({ region }),
    sqs: options.clients?.sqs ?? new SQSClient({ region }),
    eventBridge: options.clients?.eventBridge ?? new EventBridgeClient({ region }),
    dynamodb: options.clients?.dynamodb ?? new DynamoDBClient({ region }),
  };
  const cache = new Map<string, Promise<ConsumerResources | undefined>>();
  let all: Promise<ConsumerResources[]> | undefined;
  let accountId: string | undefined;

  const loadStack = (stackName: string, consumerName: string): Promise<ConsumerResources | undefined> => {
    let loaded = cache.get(stackName);
    if (loaded === undefined) {
      loaded = (async () => {
        const resources = await stackResources(clients.cloudFormation, stackName);
        if (resources === undefined) return undefined;
        const consumer = await consumerFromStack(consumerName, resources, clients.sqs, region);
        accountId ??= consumer.queue?.arn.split(':')[4];
        return consumer.busName === names.bus ? consumer : undefined;
      })();
      cache.set(stackName, loaded);
    }
    return loaded;
  };

  const listConsumers = async (): Promise<ConsumerResources[]> => {
    const stacks: { name: string; consumer: string }[] = [];
    let token: string | undefined;
    do {
      const page = await clients.cloudFormation.send(new DescribeStacksCommand({ NextToken: token }));
      for (const stack of page.Stacks ?? []) {
        const consumer = consumerOfStackDescription(stack.Description);
        if (consumer !== undefined && stack.StackName !== undefined && !String(stack.StackStatus).startsWith('DELETE')) stacks.push({ name: stack.StackName, consumer });
      }
      token = page.NextToken;
    } while (token !== undefined);
    const found = await Promise.all(stacks.map((stack) => loadStack(stack.name, stack.consumer)));
    return found.filter((consumer): consumer is ConsumerResources => consumer !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  };

  const account = () => accountId ?? '000000000000';
  return {
    kind: 'aws',
    region,
    routerName: names.routerName,
    busName: names.bus,
    get busArn() {
      return `arn:aws:events:${region}:${account()}:event-bus/${names.bus}`;
    },
    get archiveArn() {
      return `arn:aws:events:${region}:${account()}:archive/${names.archive}`;
    },
    sqs: clients.sqs,
    eventBridge: clients.eventBridge,
    dynamodb: clients.dynamodb,
    consumers: () => (all ??= listConsumers()),
    async consumer(name) {
      const direct = await loadStack(consumerStackName(name), name);
      if (direct !== undefined) return direct;
      const known = await (all ??= listConsumers());
      const found = known.find((consumer) => consumer.name === name);
      if (found === undefined) throw new ConsumerNotFoundError(name, known.map((consumer) => consumer.name));
      return found;
    },
    async queueFigures(queue: QueueRef): Promise<QueueFigures> {
      const out = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      const age = await metricValues(clients.cloudWatch, [{ namespace: 'AWS/SQS', name: 'ApproximateAgeOfOldestMessage', dimensions: { QueueName: queue.name }, stat: 'Maximum' }], Date.now() - 10 * 60_000);
      return {
        visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
        oldestAgeSeconds: age[0]?.latest,
      };
    },
    async metrics(consumer: string, sinceMs: number) {
      const metricNames = Object.values(MetricName);
      const values = await metricValues(
        clients.cloudWatch,
        metricNames.map((name) => ({
          namespace: METRICS_NAMESPACE,
          name,
          // Powertools adds the service dimension (POWERTOOLS_SERVICE_NAME = the consumer name) to every metric.
          dimensions: { consumer, service: consumer },
          stat: name === MetricName.HeldEvents ? 'Maximum' : 'Sum',
        })),
        sinceMs,
      );
      return Object.fromEntries(metricNames.map((name, i) => [name, (name === MetricName.HeldEvents ? values[i]?.latest : values[i]?.sum) ?? 0]));
    },
    async traceRecords(query: string, consumers: readonly ConsumerResources[], sinceMs: number): Promise<TraceRecords> {
      const logs: TraceLog[] = [];
      for (const consumer of consumers) {
        for (const logGroupName of consumer.logGroups ?? []) {
          let token: string | undefined;
          let pages = 0;
          do {
            const out = await clients.logs.send(
              new FilterLogEventsCommand({ logGroupName, filterPattern: JSON.stringify(query), startTime: sinceMs, nextToken: token, limit: 1000 }),
            );
            for (const event of out.events ?? []) {
              const log = traceLogOf(event.message ?? '', consumer.name, logGroupName, event.timestamp);
              if (log !== undefined) logs.push(log);
            }
            token = out.nextToken;
            pages += 1;
          } while (token !== undefined && pages < 10);
        }
      }
      return { events: [], logs };
    },
    close() {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}

async function stackResources(cloudFormation: CloudFormationClient, stackName: string): Promise<StackResourceSummary[] | undefined> {
  const resources: StackResourceSummary[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await cloudFormation.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token }));
      resources.push(...(page.StackResourceSummaries ?? []));
      token = page.NextToken;
    } while (token !== undefined);
  } catch (error) {
    if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message)) return undefined;
    throw new DiscoveryError(`Could not list the resources of stack ${stackName}: ${(error as Error).message}. Check your AWS credentials and region.`, { cause: error });
  }
  return resources;
}

async function consumerFromStack(name: string, resources: readonly StackResourceSummary[], sqs: SQSClient, region: string): Promise<ConsumerResources> {
  const byRole = new Map<string, string>();
  for (const resource of resources) {
    const role = ROLE_OF.exec(resource.LogicalResourceId ?? '')?.[1];
    if (role !== undefined && resource.PhysicalResourceId !== undefined) byRole.set(role, resource.PhysicalResourceId);
  }
  const queue = async (role: string): Promise<QueueRef | undefined> => {
    const url = byRole.get(role);
    if (url === undefined) return undefined;
    // https://sqs.<region>.amazonaws.com/<account>/<name>
    const [, account, queueName] = new URL(url).pathname.split('/');
    const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'MessageRetentionPeriod'] }));
    const arn = out.Attributes?.QueueArn ?? `arn:aws:sqs:${region}:${account}:${queueName}`;
    const nameOfQueue = arn.split(':').at(-1)!;
    return { name: nameOfQueue, url, arn, fifo: nameOfQueue.endsWith('.fifo'), retentionSeconds: Number(out.Attributes?.MessageRetentionPeriod ?? 345_600) };
  };
  const [consumerQueue, deadLetterQueue, bufferQueue, bufferDeadLetterQueue, targetDeadLetterQueue] = await Promise.all(
    ['Queue', 'DeadLetterQueue', 'BufferQueue', 'BufferDeadLetterQueue', 'TargetDeadLetterQueue'].map(queue),
  );
  // A rule on a custom bus has the physical id `<bus>|<rule>`.
  const [busName, ruleName] = (byRole.get('Rule') ?? '|').split('|') as [string, string];
  const account = consumerQueue?.arn.split(':')[4] ?? '000000000000';
  const functionName = byRole.get('Function');
  const forwarderName = byRole.get('Forwarder');
  return {
    name,
    busName,
    ruleName,
    ruleArn: `arn:aws:events:${region}:${account}:rule/${busName}/${ruleName}`,
    bufferGroupId: name,
    queue: consumerQueue,
    deadLetterQueue,
    bufferQueue,
    bufferDeadLetterQueue,
    targetDeadLetterQueue,
    dedupeTable: byRole.get('DedupeTable'),
    stateTable: byRole.get('StateTable'),
    functionName,
    forwarderName,
    logGroups: [
      byRole.get('FunctionLogGroup') ?? (functionName === undefined ? undefined : `/aws/lambda/${functionName}`),
      byRole.get('ForwarderLogGroup') ?? (forwarderName === undefined ? undefined : `/aws/lambda/${forwarderName}`),
    ].filter((group): group is string => group !== undefined),
  };
}

interface MetricRequest {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Record<string, string>;
  readonly stat: 'Sum' | 'Maximum';
}

/** One GetMetricData call (1-minute periods since `sinceMs`): per request the sum of its datapoints and the latest one. */
async function metricValues(cloudWatch: CloudWatchClient, requests: readonly MetricRequest[], sinceMs: number): Promise<{ sum: number; latest?: number }[]> {
  const queries: MetricDataQuery[] = requests.map((request, i) => ({
    Id: `m${i}`,
    MetricStat: {
      Metric: { Namespace: request.namespace, MetricName: request.name, Dimensions: Object.entries(request.dimensions).map(([Name, Value]) => ({ Name, Value })) },
      Period: 60,
      Stat: request.stat,
    },
  }));
  const results = new Map<string, { timestamps: Date[]; values: number[] }>();
  let token: string | undefined;
  do {
    const out = await cloudWatch.send(
      new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(sinceMs), EndTime: new Date(), ScanBy: 'TimestampDescending', NextToken: token }),
    );
    for (const result of out.MetricDataResults ?? []) {
      const entry = results.get(result.Id!) ?? { timestamps: [], values: [] };
      entry.timestamps.push(...(result.Timestamps ?? []));
      entry.values.push(...(result.Values ?? []));
      results.set(result.Id!, entry);
    }
    token = out.NextToken;
  } while (token !== undefined);
  return requests.map((_, i) => {
    const entry = results.get(`m${i}`);
    if (entry === undefined || entry.values.length === 0) return { sum: 0 };
    // ScanBy TimestampDescending: the first value is the latest.
    return { sum: entry.values.reduce((a, b) => a + b, 0), latest: entry.values[0] };
  });
}

/** A CloudWatch Logs message of a Powertools JSON line, as a trace log; undefined for other lines. */
function traceLogOf(message: string, consumer: string, logGroup: string, timestamp: number | undefined): TraceLog | undefined {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  let line: Record<string, unknown>;
  try {
    line = JSON.parse(message.slice(start)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (line._aws !== undefined) return undefined;
  const error = line.error as { name?: unknown; message?: unknown } | undefined;
  return {
    functionName: logGroup.split('/').at(-1)!,
    consumer: typeof line.consumer === 'string' ? line.consumer : consumer,
    eventId: typeof line.eventId === 'string' ? line.eventId : undefined,
    correlationId: typeof line.correlationId === 'string' ? line.correlationId : undefined,
    level: typeof line.level === 'string' ? line.level : undefined,
    message: typeof line.message === 'string' ? line.message : message,
    timestamp: typeof line.timestamp === 'string' ? line.timestamp : new Date(timestamp ?? Date.now()).toISOString(),
    error: error === undefined ? (typeof line.reason === 'string' ? line.reason : undefined) : `${String(error.name)}: ${String(error.message)}`,
  };
}
