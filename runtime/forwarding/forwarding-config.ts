import { ForwardingConfigError } from './errors';
import { parseGroupKeyPath, type GroupKeyPath } from './group-key-path';
import { EnvironmentVariable } from '../contract/index';

/** What the forwarder needs, validated once at cold start. */
export interface ForwardingConfig {
  /** URL of the consumer's FIFO queue. */
  readonly targetQueueUrl: string;
  /** Path of the per-entity group key; undefined = each event is its own group (unordered consumer). */
  readonly groupKeyPath?: GroupKeyPath;
  /** The original GROUP_KEY_PATH text, for error messages. */
  readonly groupKeyPathText?: string;
  /**
   * Standard queue (the buffer's dead-letter queue) where events that can never be forwarded
   * (malformed, no group key) are parked with the reason; undefined = they are only reported
   * as failures.
   */
  readonly deadLetterQueueUrl?: string;
}

/**
 * Reads `TARGET_QUEUE_URL`, `GROUP_KEY_PATH` (optional) and `DEAD_LETTER_QUEUE_URL` (optional).
 * @throws ForwardingConfigError naming the variable that is missing or invalid.
 */
export function loadForwardingConfig(env: Record<string, string | undefined>): ForwardingConfig {
  const targetQueueUrl = env[EnvironmentVariable.TARGET_QUEUE_URL];
  if (!targetQueueUrl) {
    throw new ForwardingConfigError('TARGET_QUEUE_URL is not set: it must be the URL of the consumer FIFO queue');
  }
  if (!targetQueueUrl.endsWith('.fifo')) {
    throw new ForwardingConfigError(`TARGET_QUEUE_URL ${targetQueueUrl} is not a FIFO queue (its name must end in .fifo)`);
  }
  const deadLetterQueueUrl = env[EnvironmentVariable.DEAD_LETTER_QUEUE_URL] || undefined;
  if (deadLetterQueueUrl !== undefined && deadLetterQueueUrl.endsWith('.fifo')) {
    throw new ForwardingConfigError(
      `DEAD_LETTER_QUEUE_URL ${deadLetterQueueUrl} is a FIFO queue; it must be the standard buffer queue's dead-letter queue (a standard queue)`,
    );
  }
  const groupKeyPathText = env[EnvironmentVariable.GROUP_KEY_PATH] || undefined;
  if (groupKeyPathText === undefined) return { targetQueueUrl, deadLetterQueueUrl };
  try {
    return {
      targetQueueUrl,
      deadLetterQueueUrl,
      groupKeyPathText,
      groupKeyPath: parseGroupKeyPath(groupKeyPathText),
    };
  } catch (error) {
    throw new ForwardingConfigError(`GROUP_KEY_PATH: ${(error as Error).message}`, { cause: error });
  }
}
