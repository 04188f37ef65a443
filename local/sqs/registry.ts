import type { Clock } from './clock';
import { invalidParameterValue, queueDoesNotExist, queueNameExists } from './errors';
import type { QueueConfig } from './model';
import { Queue } from './queue';
import { DEFAULT_CONFIG, applyQueueAttributes, configAttributes, validateQueueName } from './queue-config';

/** Where queues live: their names, URLs and ARNs, and the waiters of long polls. */
export interface RegistryOptions {
  readonly accountId: string;
  readonly region: string;
  readonly clock: Clock;
  /** `http://127.0.0.1:<port>`, known once the server listens. */
  readonly baseUrl: () => string;
}

/**
 * The queues of one account and region, looked up by name, URL or ARN, and the long polls
 * waiting on them: every change that can make a message receivable wakes the waiters of its queue.
 */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(readonly options: RegistryOptions) {}

  /** `arn:aws:sqs:<region>:<account>:<name>`. */
  arnOf(name: string): string {
    return `arn:aws:sqs:${this.options.region}:${this.options.accountId}:${name}`;
  }

  /** `http://127.0.0.1:<port>/<account>/<name>`. */
  urlOf(name: string): string {
    return `${this.options.baseUrl()}/${this.options.accountId}/${name}`;
  }

  /** Creates a queue, or returns the existing one when the attributes given match it (as AWS does). */
  create(name: string, attributes: Readonly<Record<string, string>>, tags: Readonly<Record<string, string>> = {}): Queue {
    const existing = this.queues.get(name);
    const effective = existing?.fifo === true && attributes.FifoQueue === undefined ? { FifoQueue: 'true', ...attributes } : attributes;
    validateQueueName(name, effective.FifoQueue === 'true');
    const config = applyQueueAttributes(DEFAULT_CONFIG, effective, true);
    this.checkRedriveTarget(name, config);
    if (existing !== undefined) {
      // AWS compares the attributes the request names; a bare CreateQueue of an existing name returns its URL.
      const current = configAttributes(existing.config);
      const wanted = configAttributes(config);
      for (const key of Object.keys(attributes)) {
        if (current[key] !== wanted[key]) throw queueNameExists(name, key);
      }
      return existing;
    }
    const queue = new Queue(name, this.arnOf(name), this.urlOf(name), config, this.options.clock, this.options.accountId);
    queue.tags = { ...tags };
    this.queues.set(name, queue);
    return queue;
  }

  /** Applies SetQueueAttributes. */
  setAttributes(queue: Queue, attributes: Readonly<Record<string, string>>): void {
    const config = applyQueueAttributes(queue.config, attributes, false);
    this.checkRedriveTarget(queue.name, config);
    queue.config = config;
    queue.lastModifiedAt = this.options.clock.now();
    this.wake(queue);
  }

  delete(queue: Queue): void {
    this.queues.delete(queue.name);
    this.wake(queue);
  }

  /** The queue called `name`; throws QueueDoesNotExist. */
  byName(name: string): Queue {
    const queue = this.queues.get(name);
    if (queue === undefined) throw queueDoesNotExist(name);
    return queue;
  }

  /** The queue a QueueUrl names. Any host is accepted (SDKs rewrite it); the path must be `/<account>/<name>`. */
  byUrl(url: unknown): Queue {
    if (typeof url !== 'string' || url === '') throw invalidParameterValue('QueueUrl is required: the URL CreateQueue or GetQueueUrl returned.');
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      path = url;
    }
    const segments = path.split('/').filter((segment) => segment !== '');
    const name = segments.at(-1);
    if (name === undefined || (segments.length >= 2 && segments.at(-2) !== this.options.accountId)) throw queueDoesNotExist(url);
    return this.byName(name);
  }

  /** The queue with `arn`, or undefined. */
  byArn(arn: string): Queue | undefined {
    const prefix = `arn:aws:sqs:${this.options.region}:${this.options.accountId}:`;
    return arn.startsWith(prefix) ? this.queues.get(arn.slice(prefix.length)) : undefined;
  }

  /** The queue a name, URL or ARN refers to, or undefined. */
  find(reference: string): Queue | undefined {
    if (reference.startsWith('arn:')) return this.byArn(reference);
    if (reference.includes('/')) {
      try {
        return this.byUrl(reference);
      } catch {
        return undefined;
      }
    }
    return this.queues.get(reference);
  }

  all(): Queue[] {
    return [...this.queues.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Resolves when something that may make `queue` receivable happens (send, delete, visibility
   * change, clock jump), after `ms`, or when the request is cancelled; long polls call it between attempts.
   */
  waitForChange(queue: Queue, ms: number, cancelled?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(queue.arn);
      if (set === undefined) {
        set = new Set();
        this.waiters.set(queue.arn, set);
      }
      const waiters = set;
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        cancelled?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      waiters.add(done);
      cancelled?.addEventListener('abort', done);
    });
  }

  /** Wakes the long polls waiting on `queue`. */
  wake(queue: Queue): void {
    for (const waiter of [...(this.waiters.get(queue.arn) ?? [])]) waiter();
  }

  /** Wakes every long poll, e.g. when the clock jumps or the endpoint stops. */
  wakeAll(): void {
    for (const set of this.waiters.values()) for (const waiter of [...set]) waiter();
  }

  private checkRedriveTarget(name: string, config: QueueConfig): void {
    const policy = config.redrivePolicy;
    if (policy === undefined) return;
    const target = this.byArn(policy.deadLetterTargetArn);
    const value = JSON.stringify(policy);
    if (target === undefined) {
      throw invalidParameterValue(`Value ${value} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist. Create ${policy.deadLetterTargetArn} before ${name}.`);
    }
    if (target.fifo !== config.fifo) {
      throw invalidParameterValue(
        `Value ${value} for parameter RedrivePolicy is invalid. Reason: Dead-letter target owner and source queue must be of the same type: ${name} is ${config.fifo ? 'FIFO' : 'standard'}, ${target.name} is ${target.fifo ? 'FIFO' : 'standard'}.`,
      );
    }
    if (target.name === name) throw invalidParameterValue(`Value ${value} for parameter RedrivePolicy is invalid. Reason: a queue cannot be its own dead-letter queue.`);
  }
}
