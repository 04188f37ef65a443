import { GetQueueUrlCommand, SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FaultInjector } from '../../faults';
import type { RuleDefinition, TargetDefinition } from './bus-model';

/** The envelope EventBridge delivers (`version`, `id`, `detail-type`, `source`, ... `detail`). */
export type DeliveredEvent = Record<string, unknown> & { id: string; time: string };

/** What the delivery needs from the rest of the local runtime. */
export interface TargetDeliveryOptions {
  /** A client pointed at the local SQS endpoint. */
  readonly sqs: SQSClient;
  /** Renders the body a target receives (Input / InputPath / InputTransformer). */
  readonly render: (target: TargetDefinition, event: DeliveredEvent) => string | undefined;
  /** Invokes a Lambda target asynchronously, as EventBridge does; absent = Lambda targets fail delivery. */
  readonly invokeFunction?: (functionArn: string, payload: string) => Promise<void>;
  /** Called when an event could not be delivered and had no DLQ to go to (AWS drops it). */
  readonly onDropped?: (failure: DeliveryFailure) => void;
  /** Scales the retry backoff; tests set it low. @default 1 */
  readonly backoffScale?: number;
  /** Reorders, duplicates and throttles deliveries (`--faults`). @default - none: a well-behaved delivery */
  readonly faults?: FaultInjector;
}

/** Why a delivery failed, as written to the target's DLQ message attributes. */
export interface DeliveryFailure {
  readonly rule: RuleDefinition;
  readonly target: TargetDefinition;
  readonly event: DeliveredEvent;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly exhaustedRetryCondition?: 'MaximumRetryAttemptsExhausted' | 'MaximumEventAgeExhausted';
  readonly retryAttempts: number;
}

// Errors that retrying cannot fix: AWS sends these straight to the DLQ.
const PERMANENT_ERRORS = new Set([
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'InvalidParameterValue',
  'InvalidMessageContents',
  'MissingParameter',
  'ResourceNotFoundException',
]);

/** One event waiting for one target. */
interface PendingDelivery {
  readonly rule: RuleDefinition;
  readonly target: TargetDefinition;
  readonly event: DeliveredEvent;
  /** When the event was accepted: MaximumEventAgeInSeconds counts from here. */
  readonly acceptedAt: number;
}

/** The events waiting for one target, and the worker sending them. */
interface Lane {
  readonly pending: PendingDelivery[];
  running?: Promise<void>;
}

/** SQS's SendMessageBatch limit. */
const MAX_BATCH = 10;

/**
 * Delivers matched events to rule targets with EventBridge's retry policy and dead-letter queue.
 * Deliveries run in the background, as they do in AWS (PutEvents returns before targets get the
 * event); `drain()` waits for those in flight. Each target gets its events in the order they were
 * accepted, so a producer's per-entity order survives the hop into a FIFO queue: one worker per
 * target sends what has queued up since its last send, up to 10 events in one SendMessageBatch
 * (same bodies, group and no deduplication id as single sends, at a fraction of the round trips).
 */
export class TargetDelivery {
  private readonly queueUrls = new Map<string, Promise<string>>();
  /** Per target (rule ARN + target id). */
  private readonly lanes = new Map<string, Lane>();
  /** Deliveries taken out of their lane by a fault (held back, or retried after a throttle). */
  private readonly detached = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: TargetDeliveryOptions) {}

  /** Starts delivering `event` to every target of `rule`; never throws. */
  dispatch(rule: RuleDefinition, event: DeliveredEvent): void {
    const faults = this.options.faults;
    const acceptedAt = Date.now();
    for (const target of rule.targets) {
      // At-least-once: a duplicated delivery is a second, independent delivery of the same event.
      const copies = faults?.hit('duplicate') ? 2 : 1;
      for (let copy = 0; copy < copies; copy += 1) {
        const item: PendingDelivery = { rule, target, event, acceptedAt };
        if (faults?.hit('reorder')) {
          // Held back outside its lane, so the target's later events overtake it.
          const delayMs = faults.reorderDelayMs();
          this.detach(sleep(delayMs).then(() => this.deliver(item)));
          continue;
        }
        const key = `${rule.arn}#${target.id}`;
        let lane = this.lanes.get(key);
        if (lane === undefined) this.lanes.set(key, (lane = { pending: [] }));
        lane.pending.push(item);
        lane.running ??= this.work(key, lane);
      }
    }
  }

  /** Resolves when every delivery started so far has finished (delivered, dead-lettered or dropped). */
  async drain(): Promise<void> {
    for (;;) {
      const running = [...this.lanes.values()].flatMap((lane) => (lane.running === undefined ? [] : [lane.running]));
      running.push(...this.detached);
      if (running.length === 0) return;
      await Promise.allSettled(running);
    }
  }

  private detach(delivery: Promise<void>): void {
    this.detached.add(delivery);
    void delivery.finally(() => this.detached.delete(delivery));
  }

  /**
   * Takes out of the batch the items whose first send attempt an injected throttle fails: each is
   * retried on its own under its target's RetryPolicy, as EventBridge retries a throttled target,
   * while the lane goes on (so a retried event arrives after later ones, as in AWS).
   */
  private withoutThrottled(batch: PendingDelivery[]): PendingDelivery[] {
    const faults = this.options.faults;
    if (faults === undefined) return batch;
    return batch.filter((item) => {
      if (!faults.hit('throttle')) return true;
      this.detach(this.deliver(item, { failure: throttled(), attempt: 0 }));
      return false;
    });
  }

  private async work(key: string, lane: Lane): Promise<void> {
    // Starts on the next tick, so events of the same PutEvents call share a batch.
    await Promise.resolve();
    try {
      while (lane.pending.length > 0) {
        const batch = this.withoutThrottled(lane.pending.splice(0, MAX_BATCH));
        if (batch.length > 0) await this.deliverBatch(batch);
      }
    } finally {
      lane.running = undefined;
      if (lane.pending.length === 0) this.lanes.delete(key);
      else lane.running = this.work(key, lane);
    }
  }

  /** Sends a batch to an SQS target in one call; anything that fails goes through the single-event retry path, in order. */
  private async deliverBatch(batch: PendingDelivery[]): Promise<void> {
    const [first] = batch;
    const bodies = batch.map((item) => this.options.render(item.target, item.event));
    if (batch.length === 1 || first!.target.arn.split(':')[2] !== 'sqs' || bodies.some((body) => body === undefined)) {
      for (const item of batch) await this.deliver(item);
      return;
    }
    let failed: Set<number>;
    try {
      const out = await this.options.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: await this.queueUrl(first!.target.arn),
          // No MessageDeduplicationId, as EventBridge sends none: a FIFO target's content-based dedup applies.
          Entries: batch.map((item, index) => ({ Id: String(index), MessageBody: bodies[index], MessageGroupId: item.target.messageGroupId })),
        }),
      );
      failed = new Set((out.Failed ?? []).map((entry) => Number(entry.Id)));
    } catch {
      failed = new Set(batch.map((_, index) => index));
    }
    for (const index of [...failed].sort((a, b) => a - b)) {
      await this.deliver(batch[index]!);
    }
  }

  /** Stops retrying: pending retries give up at their next attempt. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.drain();
  }

  /**
   * Sends one event, retrying within the target's RetryPolicy, then dead-letters it. `after` is a
   * failure that already happened (an injected throttle of the first attempt).
   */
  private async deliver(item: PendingDelivery, after?: { failure: Error; attempt: number }): Promise<void> {
    const { rule, target, event } = item;
    const started = item.acceptedAt;
    let attempt = after?.attempt ?? 0;
    let pending = after?.failure;
    for (;;) {
      try {
        if (pending !== undefined) throw pending;
        // Every retry is a send attempt the throttle fault may fail again.
        if (attempt > 0 && this.options.faults?.hit('throttle')) throw throttled();
        await this.send(target, event);
        return;
      } catch (error) {
        pending = undefined;
        const { code, message } = describeError(error);
        const permanent = PERMANENT_ERRORS.has(code);
        const ageSeconds = (Date.now() - started) / 1000;
        let exhausted: DeliveryFailure['exhaustedRetryCondition'];
        if (!permanent) {
          if (attempt >= target.retryPolicy.maximumRetryAttempts || this.stopped) exhausted = 'MaximumRetryAttemptsExhausted';
          else if (ageSeconds >= target.retryPolicy.maximumEventAgeSeconds) exhausted = 'MaximumEventAgeExhausted';
        }
        if (permanent || exhausted !== undefined) {
          await this.deadLetter({ rule, target, event, errorCode: code, errorMessage: message, exhaustedRetryCondition: exhausted, retryAttempts: attempt });
          return;
        }
        attempt += 1;
        // Exponential backoff with full jitter, capped so a local run recovers quickly once the target is back.
        const ceiling = Math.min(5_000, 50 * 2 ** attempt) * (this.options.backoffScale ?? 1);
        await sleep(Math.random() * ceiling);
      }
    }
  }

  private async send(target: TargetDefinition, event: DeliveredEvent): Promise<void> {
    const body = this.options.render(target, event);
    if (body === undefined) {
      // AWS sends nothing here (InputPath matched nothing, or the template rendered invalid JSON).
      throw Object.assign(new Error(`The target's input for event ${event.id} rendered to nothing, so EventBridge delivers nothing.`), {
        name: 'InvalidMessageContents',
      });
    }
    const service = target.arn.split(':')[2];
    if (service === 'lambda') {
      if (this.options.invokeFunction === undefined) {
        throw Object.assign(new Error(`No Lambda runner is attached to deliver to ${target.arn}.`), { name: 'ResourceNotFoundException' });
      }
      await this.options.invokeFunction(target.arn, body);
      return;
    }
    const queueUrl = await this.queueUrl(target.arn);
    // A rule target sends no MessageDeduplicationId: a FIFO target relies on content-based dedup, as in AWS.
    await this.options.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: body,
        MessageGroupId: target.messageGroupId,
      }),
    );
  }

  private async deadLetter(failure: DeliveryFailure): Promise<void> {
    const dlqArn = failure.target.deadLetterArn;
    if (dlqArn === undefined) {
      this.options.onDropped?.(failure);
      return;
    }
    const attributes: Record<string, string> = {
      RULE_ARN: failure.rule.arn,
      TARGET_ARN: failure.target.arn,
      ERROR_CODE: failure.errorCode,
      ERROR_MESSAGE: failure.errorMessage,
      RETRY_ATTEMPTS: String(failure.retryAttempts),
    };
    if (failure.exhaustedRetryCondition !== undefined) attributes.EXHAUSTED_RETRY_CONDITION = failure.exhaustedRetryCondition;
    try {
      await this.options.sqs.send(
        new SendMessageCommand({
          QueueUrl: await this.queueUrl(dlqArn),
          MessageBody: JSON.stringify(failure.event),
          MessageAttributes: Object.fromEntries(
            Object.entries(attributes).map(([key, value]) => [key, { DataType: 'String', StringValue: value }]),
          ),
        }),
      );
    } catch (error) {
      this.options.onDropped?.({ ...failure, errorMessage: `${failure.errorMessage}; and the DLQ ${dlqArn} refused it: ${describeError(error).message}` });
    }
  }

  private queueUrl(arn: string): Promise<string> {
    let url = this.queueUrls.get(arn);
    if (url === undefined) {
      const queueName = arn.split(':')[5];
      url = this.options.sqs
        .send(new GetQueueUrlCommand({ QueueName: queueName }))
        .then((out) => out.QueueUrl!);
      // A failed lookup is not cached, so a queue created later is found on retry.
      url.catch(() => this.queueUrls.delete(arn));
      this.queueUrls.set(arn, url);
    }
    return url;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What an injected throttle looks like to the retry logic: a retryable error, as a throttled SQS or Lambda target answers. */
function throttled(): Error {
  return Object.assign(new Error('Rate exceeded (injected by --faults throttle).'), { name: 'ThrottlingException' });
}

function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { Code?: string }).Code ?? error.name ?? 'Error';
    return { code, message: error.message };
  }
  return { code: 'Error', message: String(error) };
}
