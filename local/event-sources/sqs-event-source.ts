import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { failedItemIds } from './batch-response';
import { sqsFilterView, type RecordFilter } from './filter-criteria';
import { emptyStats, type BatchOutcome, type EventSource, type EventSourceStats, type Invoker } from './observer';
import { sqsEventRecord } from './sqs-event';

/** An `AWS::Lambda::EventSourceMapping` on an SQS queue. */
export interface SqsEventSourceOptions {
  /** `<stack>/<logicalId>` of the mapping, for messages and stats. */
  readonly mapping: string;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly fn: Invoker;
  /** `BatchSize`. @default 10 */
  readonly batchSize?: number;
  /** `MaximumBatchingWindowInSeconds`. @default 0 */
  readonly maximumBatchingWindowSeconds?: number;
  /** `FunctionResponseTypes` includes `ReportBatchItemFailures`. @default false */
  readonly reportBatchItemFailures?: boolean;
  /** Concurrent batches (`ScalingConfig.MaximumConcurrency`, bounded by the function's pool). @default 2 */
  readonly concurrency?: number;
  /** `FilterCriteria`, compiled; a message that matches no filter is deleted without invoking, as Lambda does. */
  readonly filter?: RecordFilter;
  /** Long-poll wait per receive, seconds. @default 1 */
  readonly waitTimeSeconds?: number;
  readonly onBatch?: (outcome: BatchOutcome) => void;
  /** A receive or delete failed (the poller keeps going). */
  readonly onError?: (error: Error) => void;
}

/**
 * Polls a queue and invokes the function with batches in Lambda's SQS event shape. A successful invocation
 * deletes the batch, except the items reported in `batchItemFailures`; a failed invocation deletes nothing, so
 * the messages reappear after the visibility timeout (and reach the DLQ after `maxReceiveCount`).
 */
export class SqsEventSource implements EventSource {
  private readonly abort = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly counts = emptyStats();

  constructor(private readonly options: SqsEventSourceOptions) {}

  get mapping(): string {
    return this.options.mapping;
  }

  /** Starts the polling loops. */
  start(): this {
    const concurrency = Math.max(1, this.options.concurrency ?? 2);
    for (let i = 0; i < concurrency; i += 1) this.loops.push(this.loop());
    return this;
  }

  stats(): EventSourceStats {
    return { ...this.counts };
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        const messages = await this.collect();
        if (messages.length > 0) await this.process(messages);
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.options.onError?.(error as Error);
        await sleep(500);
      }
    }
  }

  /** Receives up to `BatchSize` messages, waiting up to the batching window to fill the batch. */
  private async collect(): Promise<Message[]> {
    const batchSize = this.options.batchSize ?? 10;
    const windowMs = (this.options.maximumBatchingWindowSeconds ?? 0) * 1000;
    const deadline = Date.now() + windowMs;
    const messages: Message[] = [];
    for (;;) {
      const wait = messages.length === 0 ? (this.options.waitTimeSeconds ?? 1) : Math.min(1, Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
      const { Messages = [] } = await this.options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.options.queueUrl,
          MaxNumberOfMessages: Math.min(10, batchSize - messages.length),
          WaitTimeSeconds: wait,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: this.abort.signal },
      );
      messages.push(...Messages);
      if (messages.length >= batchSize || Date.now() >= deadline || this.abort.signal.aborted) return messages;
      if (messages.length > 0 && Messages.length === 0) return messages;
    }
  }

  private async process(messages: Message[]): Promise<void> {
    const records = messages.map((m) => sqsEventRecord(m, this.options.queueArn, this.options.region));
    const filter = this.options.filter;
    const kept = filter === undefined ? records : records.filter((r) => filter(sqsFilterView(r)));
    const filteredOut = records.filter((r) => !kept.includes(r));
    this.counts.filtered += filteredOut.length;
    if (kept.length === 0) {
      await this.delete(filteredOut.map((r) => r.receiptHandle));
      return;
    }
    this.counts.batches += 1;
    this.counts.records += kept.length;
    let failed: Set<string>;
    let error: Error | undefined;
    try {
      const response = await this.options.fn.invoke({ Records: kept });
      failed = this.options.reportBatchItemFailures ? failedItemIds(response, new Set(kept.map((r) => r.messageId))) : new Set();
    } catch (caught) {
      error = caught as Error;
      failed = new Set(kept.map((r) => r.messageId));
      this.counts.failedInvocations += 1;
    }
    this.counts.failedRecords += failed.size;
    this.options.onBatch?.({
      mapping: this.mapping,
      functionName: this.options.fn.name,
      size: kept.length,
      failed: failed.size,
      error,
      failedMessageIds: [...failed],
    });
    const done = [...filteredOut, ...kept.filter((r) => !failed.has(r.messageId))];
    await this.delete(done.map((r) => r.receiptHandle));
  }

  private async delete(receiptHandles: string[]): Promise<void> {
    for (let i = 0; i < receiptHandles.length; i += 10) {
      const chunk = receiptHandles.slice(i, i + 10);
      const result = await this.options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: chunk.map((handle, n) => ({ Id: String(n), ReceiptHandle: handle })),
        }),
      );
      for (const failure of result.Failed ?? []) {
        this.options.onError?.(new Error(`${this.mapping}: could not delete a processed message (${failure.Code}: ${failure.Message}).`));
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
