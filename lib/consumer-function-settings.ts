import { Duration } from 'aws-cdk-lib';
import { EnvironmentVariable } from '../runtime/contract';
import { DEFAULT_MAX_ATTEMPTS as RUNTIME_DEFAULT_MAX_ATTEMPTS } from '../runtime/fifo/index';
import { DEFAULT_GAP_TIMEOUT_SECONDS } from '../runtime/sequencing/index';
import { InvalidPropError } from './errors';
import { integerIn } from './validate';

/** Gap timeout when `gapTimeout` is not given: the runtime's own default, so a function given no GAP_TIMEOUT_SECONDS behaves alike. */
export const DEFAULT_GAP_TIMEOUT = Duration.seconds(DEFAULT_GAP_TIMEOUT_SECONDS);

/** Attempts of a message's own handler before the consumer parks it, when `maxAttempts` is not given (the runtime's default). */
export const DEFAULT_MAX_ATTEMPTS = RUNTIME_DEFAULT_MAX_ATTEMPTS;

/** The consumer queue's redrive count is at least this many times `maxAttempts`: a safety net, never the parking rule. */
export const RECEIVE_COUNT_PER_ATTEMPT = 10;

/** Environment the construct sets on the consumer function (and the gap sweeper) for ordering and parking. */
export const CONSUMER_FUNCTION_ENVIRONMENT: readonly string[] = [
  EnvironmentVariable.ORDERED,
  EnvironmentVariable.GAP_TIMEOUT_SECONDS,
  EnvironmentVariable.ON_GAP,
  EnvironmentVariable.MAX_ATTEMPTS,
  EnvironmentVariable.DEAD_LETTER_QUEUE_URL,
  EnvironmentVariable.CONSUMER_QUEUE_URL,
];

/** The consumer function's ordering and parking props, validated, with defaults applied. */
export interface ConsumerFunctionSettings {
  readonly gapTimeout: Duration;
  readonly onGap: 'wait' | 'skip';
  readonly maxAttempts: number;
  /** maxReceiveCount of the consumer queue's redrive policy: max(maxReceiveCount, 10 x maxAttempts), at most 1000. */
  readonly consumerQueueMaxReceiveCount: number;
}

/**
 * Checks `gapTimeout`, `onGap` and `maxAttempts` and derives the consumer queue's redrive count.
 * @throws InvalidPropError naming the prop and the fix.
 */
export function validateConsumerFunctionProps(
  path: string,
  props: { gapTimeout?: Duration; onGap?: string; maxAttempts?: number; environment?: Record<string, string> },
  maxReceiveCount: number,
): ConsumerFunctionSettings {
  const gapTimeout = props.gapTimeout ?? DEFAULT_GAP_TIMEOUT;
  // The sweeper runs once a minute: a shorter timeout could not be honoured.
  integerIn(path, 'gapTimeout (seconds)', gapTimeout.toSeconds(), 60, 1_209_600);
  const onGap = props.onGap ?? 'wait';
  if (onGap !== 'wait' && onGap !== 'skip') {
    throw new InvalidPropError(path, 'onGap', onGap, "use 'wait' (held events wait for the missing ones) or 'skip' (give the missing ones up after gapTimeout)");
  }
  const maxAttempts = integerIn(path, 'maxAttempts', props.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 1, 100);
  for (const name of Object.keys(props.environment ?? {})) {
    if (CONSUMER_FUNCTION_ENVIRONMENT.includes(name)) {
      throw new InvalidPropError(path, 'environment', name, `${name} is set by the construct; remove it from environment`);
    }
  }
  return {
    gapTimeout,
    onGap,
    maxAttempts,
    consumerQueueMaxReceiveCount: Math.min(1000, Math.max(maxReceiveCount, RECEIVE_COUNT_PER_ATTEMPT * maxAttempts)),
  };
}
