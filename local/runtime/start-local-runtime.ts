import { EventEmitter } from 'node:events';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import { compilePattern } from '../eventbridge';
import { MetricCounters } from '../lambda';
import { startSqs } from '../sqs';
import { checkResourceTypes, DEFAULT_ACCOUNT_ID, DEFAULT_REGION, loadCloudAssembly, resolveAssembly } from '../template';
import { startEventSources, type StartedEventSource } from './create-event-sources';
import { createFunctions } from './create-functions';
import { LocalRuntimeError } from './errors';
import { lookup } from './lookup';
import { provisionQueues } from './provision-queues';
import { provisionTables } from './provision-tables';
import { startDynamoDbLocal } from '../dynamodb';
import { FaultInjector, startDynamoDbFaultProxy } from '../faults';
import type { LocalFunctionInfo, LocalRuntime, RuntimeEvents, StartedEventBridge, StartLocalRuntimeOptions } from './types';

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const STOP_GRACE_MS = 2000;

/**
 * Stands up every stack of a cloud assembly on this machine: tables on DynamoDB Local, queues on the local SQS
 * endpoint, the EventBridge endpoint (through `options.eventBridge`), the bundled functions in worker threads,
 * and a poller per event source mapping. On any failure everything started so far is stopped again.
 */
export async function startLocalRuntime(options: StartLocalRuntimeOptions): Promise<LocalRuntime> {
  const started = Date.now();
  const region = options.region ?? DEFAULT_REGION;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const account = { region, accountId };
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  const clients: Array<{ destroy(): void }> = [];
  const phases: Record<string, number> = {};
  let mark = started;
  const phase = (name: string) => {
    const now = Date.now();
    phases[name] = now - mark;
    mark = now;
  };

  try {
    // An invalid fault spec is bad input: refused before anything starts.
    const faults = options.faults === undefined ? undefined : new FaultInjector(options.faults);
    // Reading the templates first reports an unsupported resource before a Java process starts.
    const cloudAssembly = loadCloudAssembly(options.cdkOut);
    checkResourceTypes(cloudAssembly);
    const [sqsStart, dynamoStart] = await Promise.allSettled([
      startSqs({ region, accountId }),
      options.dynamoDbEndpoint === undefined ? startDynamoDbLocal() : Promise.resolve(undefined),
    ]);
    // Whichever started is stopped again if the other failed: never an orphan Java process.
    if (sqsStart.status === 'fulfilled') stops.push(() => sqsStart.value.stop());
    if (dynamoStart.status === 'fulfilled' && dynamoStart.value !== undefined) stops.push(() => dynamoStart.value!.stop());
    for (const result of [sqsStart, dynamoStart]) {
      if (result.status === 'rejected') {
        const error = result.reason as Error;
        throw new LocalRuntimeError(`Could not start the local emulators: ${error.message}`, { cause: error });
      }
    }
    const sqsServer = (sqsStart as PromiseFulfilledResult<Awaited<ReturnType<typeof startSqs>>>).value;
    const dynamo = (dynamoStart as PromiseFulfilledResult<Awaited<ReturnType<typeof startDynamoDbLocal>> | undefined>).value;
    phase('emulators');
    const dynamoEndpoint = dynamo?.endpoint ?? options.dynamoDbEndpoint!;
    const endpoints = { dynamodb: dynamoEndpoint, sqs: sqsServer.endpoint };
    // Functions reach DynamoDB through the fault proxy; provisioning and stream polling use DynamoDB Local directly.
    let functionsDynamoDb = dynamoEndpoint;
    if (faults?.affectsDynamoDb === true) {
      const proxy = await startDynamoDbFaultProxy({ target: dynamoEndpoint, faults });
      stops.push(() => proxy.stop());
      functionsDynamoDb = proxy.endpoint;
    }
    const assembly = resolveAssembly(cloudAssembly, { region, accountId, partition: 'aws', urlSuffix: 'amazonaws.com', sqsEndpoint: sqsServer.endpoint });

    const sqsClient = () => new SQSClient({ endpoint: endpoints.sqs, region, credentials: CREDENTIALS });
    const dynamoDbClient = () => new DynamoDBClient({ endpoint: endpoints.dynamodb, region, credentials: CREDENTIALS });
    const sqs = sqsClient();
    const dynamodb = dynamoDbClient();
    const streams = new DynamoDBStreamsClient({ endpoint: endpoints.dynamodb, region, credentials: CREDENTIALS });
    clients.push(sqs, dynamodb, streams);
    stops.push(async () => clients.forEach((c) => c.destroy()));

    const [tables, queues] = await Promise.all([provisionTables(dynamodb, assembly.resources), provisionQueues(sqs, assembly.resources)]);
    phase('provisioning');

    const events = new EventEmitter<RuntimeEvents>();
    const metrics = new MetricCounters();
    const warn = (error: Error) => {
      if (events.listenerCount('warning') > 0) events.emit('warning', error);
    };
    const queueStats = (ref: string) => sqsServer.stats(ref);

    // Functions exist before the EventBridge endpoint, so Lambda rule targets can be invoked; their workers start
    // on first use, after the endpoint URL is known.
    let functions: LocalFunctionInfo[] = [];
    const functionByArn = (arn: string) => functions.find((f) => f.arn === arn || f.name === arn || arn.startsWith(`${f.arn}:`));
    let eventBridge: StartedEventBridge | undefined;
    if (options.eventBridge !== undefined) {
      eventBridge = await options.eventBridge({
        resources: assembly.resources,
        account,
        endpoints,
        sqs,
        port: options.eventBridgePort,
        metrics,
        queueStats,
        faults,
        peekQueue: (ref) => sqsServer.peek(ref),
        events,
        invokeFunction: async (functionArn, payload) => {
          const target = functionByArn(functionArn);
          if (target === undefined) throw new LocalRuntimeError(`No function of the templates has ARN ${functionArn}.`);
          // Asynchronous invocation: accepted now, run in the background.
          target.fn.invoke(JSON.parse(payload)).catch((error: Error) => warn(error));
        },
      });
      stops.push(() => eventBridge!.stop());
      phase('eventBridge');
    }
    functions = createFunctions({
      resources: assembly.resources,
      region,
      endpoints: { ...endpoints, dynamodb: functionsDynamoDb, eventbridge: eventBridge?.endpoint },
      crashes: faults === undefined ? undefined : () => faults.crash(),
      defaultConcurrency: options.functionConcurrency ?? 2,
      observers: {
        onLog: (line) => events.emit('log', line),
        onMetric: (metric) => metrics.add(metric),
        onInvocation: (record) => events.emit('invocation', record),
      },
    });
    // Workers stop after the endpoint (it may still invoke) and before SQS/DynamoDB (handlers may still call them).
    stops.splice(stops.length - (eventBridge === undefined ? 0 : 1), 0, async () => {
      await Promise.all(functions.map((f) => f.fn.stop()));
    });

    let eventSources: StartedEventSource[] = [];
    if (options.eventSources ?? true) {
      const matcher = options.patternMatcher ?? ((pattern: Record<string, unknown>) => {
        const compiled = compilePattern(pattern);
        return (event: unknown) => compiled.matches(event);
      });
      eventSources = await startEventSources({
        resources: assembly.resources,
        functions,
        queues,
        tables,
        region,
        sqs,
        dynamodb,
        streams,
        patternMatcher: matcher,
        pollIntervalMs: options.pollIntervalMs,
        onBatch: (outcome) => events.emit('batch', outcome),
        onError: warn,
      });
      stops.push(async () => {
        // A batch in progress may run up to its function's Timeout; after a short grace the workers are
        // terminated (next stop step), which fails that invocation and lets its poller end.
        const stopped = Promise.all(eventSources.map((s) => s.source.stop()));
        await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
      });
      phase('eventSources');
    }

    if (options.prewarm === true) {
      // In the background: readiness does not wait for cold starts, the first events do not pay for them.
      for (const f of functions) void f.fn.warm().catch((error: Error) => warn(error));
    }

    const queue = (ref: string) => lookup('queue', queues, ref, (q) => [q.name, q.url, q.arn]);
    const func = (ref: string) => lookup('function', functions, ref, (f) => [f.name, f.arn, f.consumerName]);
    let stopping: Promise<void> | undefined;
    return {
      endpoints: { ...endpoints, eventbridge: eventBridge?.endpoint },
      account,
      assembly,
      resources: assembly.resources,
      tables,
      queues,
      functions,
      eventSources: eventSources.map(({ source: _source, ...info }) => info),
      metrics,
      events,
      readyMs: Date.now() - started,
      readyPhases: phases,
      faults:
        faults === undefined
          ? undefined
          : { spec: faults.spec, counts: () => faults.counts(), dynamodbProxy: functionsDynamoDb === dynamoEndpoint ? undefined : functionsDynamoDb },
      queue,
      queueUrl: (ref) => queue(ref).url,
      tableName: (ref) => lookup('table', tables, ref, (t) => [t.name, t.arn]).name,
      func,
      invoke: (ref, event) => func(ref).fn.invoke(event),
      queueStats: (ref) => {
        const stats = queueStats(queue(ref).arn);
        if (stats === undefined) throw new LocalRuntimeError(`Queue ${ref} no longer exists on the SQS endpoint.`);
        return stats;
      },
      stats: () => ({
        functions: Object.fromEntries(functions.map((f) => [f.name, { ...f.fn.stats(), consumerName: f.consumerName }])),
        eventSources: Object.fromEntries(eventSources.map((s) => [s.mapping, s.stats()])),
        queues: Object.fromEntries(queues.map((q) => [q.name, queueStats(q.arn)!]).filter(([, s]) => s !== undefined)),
      }),
      sqsClient,
      dynamoDbClient,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
