import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  compileFilterCriteria,
  DynamoDbStreamEventSource,
  SqsEventSource,
  UnsupportedEventSourceError,
  type BatchOutcome,
  type EventSource,
  type PatternMatcher,
} from '../event-sources';
import type { ResolvedResource } from '../template';
import type { LocalQueue } from './provision-queues';
import type { LocalTable } from './provision-tables';
import type { EventSourceInfo, LocalFunctionInfo } from './types';

/** Inputs of {@link startEventSources}. */
export interface StartEventSourcesInput {
  readonly resources: readonly ResolvedResource[];
  readonly functions: readonly LocalFunctionInfo[];
  readonly queues: readonly LocalQueue[];
  readonly tables: readonly LocalTable[];
  readonly region: string;
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly patternMatcher?: PatternMatcher;
  readonly pollIntervalMs?: number;
  readonly onBatch: (outcome: BatchOutcome) => void;
  readonly onError: (error: Error) => void;
}

/** A started mapping and how to stop it. */
export interface StartedEventSource extends EventSourceInfo {
  readonly source: EventSource;
}

type Props = Record<string, unknown>;

/**
 * Checks every `AWS::Lambda::EventSourceMapping` (source, function, destination) and starts a poller for each
 * enabled one: SQS queues and DynamoDB streams; any other source is refused with the mapping's name.
 */
export async function startEventSources(input: StartEventSourcesInput): Promise<StartedEventSource[]> {
  const mappings = input.resources.filter((r) => r.type === 'AWS::Lambda::EventSourceMapping');
  const plans = mappings.map((mapping) => plan(mapping, input));
  return Promise.all(plans.filter((p) => p !== undefined).map((start) => start()));
}

function plan(mapping: ResolvedResource, input: StartEventSourcesInput): (() => Promise<StartedEventSource>) | undefined {
  const where = `${mapping.stackName}/${mapping.logicalId}`;
  const props = mapping.properties;
  if (props.Enabled === false || props.Enabled === 'false') return undefined;
  const fnRef = String(props.FunctionName);
  const fnInfo = input.functions.find((f) => f.name === fnRef || f.arn === fnRef || fnRef.startsWith(`${f.arn}:`));
  if (fnInfo === undefined) throw new UnsupportedEventSourceError(where, `FunctionName ${fnRef} is not a function of the templates.`);
  const sourceArn = String(props.EventSourceArn);
  const service = sourceArn.split(':')[2];
  const filter = compileFilterCriteria(props.FilterCriteria, input.patternMatcher, where);
  const reportBatchItemFailures = ((props.FunctionResponseTypes ?? []) as string[]).includes('ReportBatchItemFailures');
  const common = { mapping: where, kind: service === 'sqs' ? ('sqs' as const) : ('dynamodb-stream' as const), sourceArn, functionName: fnInfo.name };

  if (service === 'sqs') {
    const queue = input.queues.find((q) => q.arn === sourceArn);
    if (queue === undefined) throw new UnsupportedEventSourceError(where, `EventSourceArn ${sourceArn} is not a queue of the templates.`);
    const scaling = props.ScalingConfig as Props | undefined;
    const concurrency = Math.min(Number(scaling?.MaximumConcurrency ?? Infinity), fnInfo.fn.definition.maxConcurrency ?? 3);
    return async () => {
      const source = new SqsEventSource({
        mapping: where,
        sqs: input.sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        region: input.region,
        fn: fnInfo.fn,
        batchSize: Number(props.BatchSize ?? 10),
        maximumBatchingWindowSeconds: Number(props.MaximumBatchingWindowInSeconds ?? 0),
        reportBatchItemFailures,
        concurrency,
        filter: props.FilterCriteria === undefined ? undefined : filter,
        onBatch: input.onBatch,
        onError: input.onError,
      }).start();
      return { ...common, source, stats: () => source.stats() };
    };
  }

  if (service === 'dynamodb' && sourceArn.includes('/stream/')) {
    const table = input.tables.find((t) => t.streamArn === sourceArn || sourceArn.startsWith(`${t.arn}/stream/`));
    if (table === undefined) throw new UnsupportedEventSourceError(where, `EventSourceArn ${sourceArn} is not the stream of a table of the templates.`);
    const destinationArn = ((props.DestinationConfig as Props | undefined)?.OnFailure as Props | undefined)?.Destination;
    let onFailure: { sqs: SQSClient; queueUrl: string } | undefined;
    if (typeof destinationArn === 'string') {
      const queue = input.queues.find((q) => q.arn === destinationArn);
      if (queue === undefined) {
        throw new UnsupportedEventSourceError(where, `DestinationConfig.OnFailure ${destinationArn}: only SQS queues of the templates are supported locally.`);
      }
      onFailure = { sqs: input.sqs, queueUrl: queue.url };
    }
    const position = String(props.StartingPosition ?? 'LATEST');
    if (position !== 'TRIM_HORIZON' && position !== 'LATEST') {
      throw new UnsupportedEventSourceError(where, `StartingPosition ${position} is not supported for DynamoDB streams; use TRIM_HORIZON or LATEST.`);
    }
    return async () => {
      const source = await new DynamoDbStreamEventSource({
        mapping: where,
        dynamodb: input.dynamodb,
        streams: input.streams,
        tableName: table.name,
        streamArn: sourceArn,
        region: input.region,
        fn: fnInfo.fn,
        functionArn: fnInfo.arn,
        startingPosition: position,
        batchSize: Number(props.BatchSize ?? 100),
        maximumBatchingWindowSeconds: Number(props.MaximumBatchingWindowInSeconds ?? 0),
        bisectOnError: props.BisectBatchOnFunctionError === true || props.BisectBatchOnFunctionError === 'true',
        maximumRetryAttempts: Number(props.MaximumRetryAttempts ?? -1),
        maximumRecordAgeSeconds: Number(props.MaximumRecordAgeInSeconds ?? -1),
        reportBatchItemFailures,
        filter: props.FilterCriteria === undefined ? undefined : filter,
        onFailure,
        pollIntervalMs: input.pollIntervalMs,
        onBatch: input.onBatch,
        onError: input.onError,
      }).start();
      return { ...common, source, stats: () => source.stats() };
    };
  }
  throw new UnsupportedEventSourceError(where, `EventSourceArn ${sourceArn}: the local runtime polls SQS queues and DynamoDB streams only.`);
}
