import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { failedItemIds } from './batch-response';
import { UnsupportedEventSourceError } from './errors';
import type { RecordFilter } from './filter-criteria';
import { emptyStats, type BatchOutcome, type EventSource, type EventSourceStats, type Invoker } from './observer';
import { streamOnFailureRecord, type DiscardCondition } from './on-failure-record';
import { dynamoDbEventRecord, type DynamoDbEventRecord } from './stream-event';

/** An `AWS::Lambda::EventSourceMapping` on a DynamoDB table's stream. */
export interface StreamEventSourceOptions {
  /** `<stack>/<logicalId>` of the mapping. */
  readonly mapping: string;
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  /** The table whose stream is read (DynamoDB Local names its stream itself). */
  readonly tableName: string;
  /** The stream ARN the template uses: records' `eventSourceARN`. */
  readonly streamArn: string;
  readonly region: string;
  readonly fn: Invoker;
  readonly functionArn: string;
  /** `StartingPosition`: TRIM_HORIZON or LATEST. */
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** `BatchSize`. @default 100 */
  readonly batchSize?: number;
  /** `MaximumBatchingWindowInSeconds`. @default 0 */
  readonly maximumBatchingWindowSeconds?: number;
  /** `BisectBatchOnFunctionError`. @default false */
  readonly bisectOnError?: boolean;
  /** `MaximumRetryAttempts`; -1 retries until the record expires. @default -1 */
  readonly maximumRetryAttempts?: number;
  /** `MaximumRecordAgeInSeconds`; -1 is no limit. @default -1 */
  readonly maximumRecordAgeSeconds?: number;
  /** `FunctionResponseTypes` includes `ReportBatchItemFailures`. @default false */
  readonly reportBatchItemFailures?: boolean;
  /** `FilterCriteria`, compiled: records no filter matches are skipped (checkpointed without invoking). */
  readonly filter?: RecordFilter;
  /** Where discarded batches are described (`DestinationConfig.OnFailure`, an SQS queue). */
  readonly onFailure?: { readonly sqs: SQSClient; readonly queueUrl: string };
  /** Pause between polls of an idle shard, and the base of the retry backoff. @default 250 */
  readonly pollIntervalMs?: number;
  readonly onBatch?: (outcome: BatchOutcome) => void;
  readonly onError?: (error: Error) => void;
}

class Stopped extends Error {}

/** GetRecords errors a fresh iterator fixes. */
const REPLACEABLE_ITERATOR_ERRORS = new Set(['TrimmedDataAccessException', 'ExpiredIteratorException']);

interface ShardState {
  readonly shardId: string;
  /** A child shard is read only once its parent is drained, so records of one key stay in order. */
  readonly parentShardId?: string;
  iterator?: string;
  closed: boolean;
  /** Records read but not yet checkpointed, in stream order. */
  readonly buffer: DynamoDbEventRecord[];
  firstBufferedAt?: number;
  /** The shard's first iterator was LATEST (it existed when the mapping started at LATEST). */
  readonly startedLatest: boolean;
  /** Sequence number of the last record read (kept or filtered): where a replacement iterator resumes. */
  lastSequenceNumber?: string;
}

/**
 * Reads a table's stream shard by shard, in order, and invokes the function with batches in Lambda's DynamoDB
 * event shape, with Lambda's failure handling: a failed batch blocks its shard and is retried (bisected when
 * asked) until it succeeds, runs out of retries or ages out; then its location goes to the on-failure
 * destination and the shard moves on. With ReportBatchItemFailures the checkpoint moves to the lowest
 * reported sequence number and only the rest is retried.
 */
export class DynamoDbStreamEventSource implements EventSource {
  private stopped = false;
  private running?: Promise<void>;
  private readonly counts = emptyStats();
  private readonly shards = new Map<string, ShardState>();
  private wake?: () => void;
  private realStreamArn = '';

  constructor(private readonly options: StreamEventSourceOptions) {}

  get mapping(): string {
    return this.options.mapping;
  }

  /** Finds the table's stream and starts polling; resolves once the initial iterators are positioned. */
  async start(): Promise<this> {
    const { Table } = await this.options.dynamodb.send(new DescribeTableCommand({ TableName: this.options.tableName }));
    const streamArn = Table?.LatestStreamArn;
    if (streamArn === undefined) {
      throw new UnsupportedEventSourceError(this.mapping, `table ${this.options.tableName} has no stream; give it a StreamSpecification.`);
    }
    this.realStreamArn = streamArn;
    await this.refreshShards(streamArn, this.options.startingPosition);
    this.running = this.loop(streamArn);
    return this;
  }

  stats(): EventSourceStats {
    return { ...this.counts };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private get interval(): number {
    return this.options.pollIntervalMs ?? 250;
  }

  private async loop(streamArn: string): Promise<void> {
    let lastRefresh = Date.now();
    while (!this.stopped) {
      try {
        if (Date.now() - lastRefresh > 10 * this.interval) {
          await this.refreshShards(streamArn, 'TRIM_HORIZON');
          lastRefresh = Date.now();
        }
        let busy = false;
        for (const shard of this.shards.values()) {
          const parent = shard.parentShardId === undefined ? undefined : this.shards.get(shard.parentShardId);
          if (parent !== undefined && (!parent.closed || parent.buffer.length > 0)) continue;
          busy = (await this.pollShard(shard)) || busy;
        }
        if (!busy) await this.pause(this.interval);
      } catch (error) {
        if (error instanceof Stopped || this.stopped) return;
        this.options.onError?.(error as Error);
        await this.pause(this.interval * 4);
      }
    }
  }

  /** Adds shards not seen yet; shards found after start are read from their beginning, as Lambda does. */
  private async refreshShards(streamArn: string, position: 'TRIM_HORIZON' | 'LATEST'): Promise<void> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.options.streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start !== undefined);
    for (const shard of shards) {
      const shardId = shard.ShardId!;
      if (this.shards.has(shardId)) continue;
      const { ShardIterator } = await this.options.streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: position }),
      );
      this.shards.set(shardId, {
        shardId,
        parentShardId: shard.ParentShardId,
        iterator: ShardIterator,
        closed: false,
        buffer: [],
        startedLatest: position === 'LATEST',
      });
    }
  }

  /** Reads what the shard has and delivers full (or windowed) batches; true when it did any work. */
  private async pollShard(shard: ShardState): Promise<boolean> {
    let read = 0;
    if (!shard.closed && shard.iterator !== undefined && shard.buffer.length < (this.options.batchSize ?? 100)) {
      let response;
      try {
        response = await this.options.streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }));
      } catch (error) {
        if (!REPLACEABLE_ITERATOR_ERRORS.has((error as Error).name)) throw error;
        // DynamoDB Local sometimes refuses an iterator taken while a write commits (and any iterator expires
        // after 15 minutes): resume right after the last record read, so nothing is skipped or read twice.
        await this.replaceIterator(shard);
        return true;
      }
      const { Records = [], NextShardIterator } = response;
      shard.iterator = NextShardIterator;
      if (NextShardIterator === undefined) shard.closed = true;
      for (const raw of Records) {
        const record = dynamoDbEventRecord(raw, this.options.streamArn, this.options.region);
        shard.lastSequenceNumber = record.dynamodb.SequenceNumber;
        if (this.options.filter !== undefined && !this.options.filter(record)) {
          this.counts.filtered += 1;
          continue;
        }
        shard.buffer.push(record);
        shard.firstBufferedAt ??= Date.now();
      }
      read = Records.length;
    }
    if (shard.buffer.length === 0) return read > 0;
    const batchSize = this.options.batchSize ?? 100;
    const windowMs = (this.options.maximumBatchingWindowSeconds ?? 0) * 1000;
    const waited = Date.now() - (shard.firstBufferedAt ?? Date.now());
    if (shard.buffer.length < batchSize && waited < windowMs && !shard.closed) return read > 0;
    const batch = shard.buffer.slice(0, batchSize);
    await this.deliver(shard.shardId, batch, 0);
    // Checkpoint: the batch is done (processed or discarded).
    shard.buffer.splice(0, batch.length);
    shard.firstBufferedAt = shard.buffer.length > 0 ? Date.now() : undefined;
    return true;
  }

  private async replaceIterator(shard: ShardState): Promise<void> {
    const position = shard.lastSequenceNumber !== undefined ? 'AFTER_SEQUENCE_NUMBER' : this.initialPosition(shard);
    const { ShardIterator } = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.realStreamArn,
        ShardId: shard.shardId,
        ShardIteratorType: position,
        SequenceNumber: shard.lastSequenceNumber,
      }),
    );
    shard.iterator = ShardIterator;
  }

  /** Where a shard with nothing read yet starts: shards found after start from their beginning. */
  private initialPosition(shard: ShardState): 'TRIM_HORIZON' | 'LATEST' {
    return shard.startedLatest ? 'LATEST' : 'TRIM_HORIZON';
  }

  /** Runs one batch to completion: success, or discard after retries / age; bisects on error when asked. */
  private async deliver(shardId: string, initial: DynamoDbEventRecord[], failuresSoFar: number): Promise<void> {
    let records = initial;
    let failures = failuresSoFar;
    const maxRetries = this.options.maximumRetryAttempts ?? -1;
    const maxAge = this.options.maximumRecordAgeSeconds ?? -1;
    for (;;) {
      if (this.stopped) throw new Stopped();
      if (maxAge >= 0) {
        const now = Date.now() / 1000;
        const expired = records.filter((r) => now - r.dynamodb.ApproximateCreationDateTime > maxAge);
        if (expired.length > 0) {
          await this.discard(shardId, expired, 'RecordAgeExceeded', failures, randomUUID(), failures > 0);
          records = records.filter((r) => !expired.includes(r));
          if (records.length === 0) return;
        }
      }
      const outcome = await this.invoke(records);
      this.options.onBatch?.({ mapping: this.mapping, functionName: this.options.fn.name, size: records.length, failed: outcome.failedFrom === undefined ? 0 : records.length - outcome.failedFrom, error: outcome.error });
      if (outcome.failedFrom === undefined) return;
      failures += 1;
      // Records before the lowest reported failure are done: the checkpoint moves past them.
      records = records.slice(outcome.failedFrom);
      if (maxRetries >= 0 && failures > maxRetries) {
        await this.discard(shardId, records, 'RetryAttemptsExhausted', failures, outcome.requestId, outcome.error !== undefined);
        return;
      }
      if (outcome.error !== undefined && this.options.bisectOnError && records.length > 1) {
        const middle = Math.ceil(records.length / 2);
        await this.deliver(shardId, records.slice(0, middle), failures);
        await this.deliver(shardId, records.slice(middle), failures);
        return;
      }
      await this.pause(Math.min(5000, this.interval * 2 ** Math.min(failures, 5)));
    }
  }

  /** Invokes with `records`; `failedFrom` is the index of the first record to retry (undefined on success). */
  private async invoke(records: DynamoDbEventRecord[]): Promise<{ failedFrom?: number; error?: Error; requestId: string }> {
    this.counts.batches += 1;
    this.counts.records += records.length;
    try {
      const response = await this.options.fn.invoke({ Records: records });
      if (!this.options.reportBatchItemFailures) return { requestId: randomUUID() };
      const failed = failedItemIds(response, new Set(records.map((r) => r.dynamodb.SequenceNumber)));
      if (failed.size === 0) return { requestId: randomUUID() };
      const failedFrom = records.findIndex((r) => failed.has(r.dynamodb.SequenceNumber));
      this.counts.failedRecords += records.length - failedFrom;
      return { failedFrom, requestId: randomUUID() };
    } catch (error) {
      this.counts.failedInvocations += 1;
      this.counts.failedRecords += records.length;
      const requestId = (error as { requestId?: unknown }).requestId;
      return { failedFrom: 0, error: error as Error, requestId: typeof requestId === 'string' ? requestId : randomUUID() };
    }
  }

  private async discard(
    shardId: string,
    records: DynamoDbEventRecord[],
    condition: DiscardCondition,
    invokeCount: number,
    requestId: string,
    functionError: boolean,
  ): Promise<void> {
    this.counts.discarded += records.length;
    const destination = this.options.onFailure;
    if (destination === undefined) {
      this.options.onError?.(
        new Error(`${this.mapping}: discarded ${records.length} stream record(s) (${condition}) and no on-failure destination keeps them.`),
      );
      return;
    }
    const body = streamOnFailureRecord({
      records,
      shardId,
      streamArn: this.options.streamArn,
      functionArn: this.options.functionArn,
      requestId,
      condition,
      approximateInvokeCount: invokeCount,
      functionError,
    });
    await destination.sqs.send(new SendMessageCommand({ QueueUrl: destination.queueUrl, MessageBody: JSON.stringify(body) }));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
