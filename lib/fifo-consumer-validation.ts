import { Duration } from 'aws-cdk-lib';
import { InvalidOrderingKeyError, InvalidPropError, VisibilityTimeoutTooShortError } from './errors';
import type { FifoConsumerProps } from './fifo-consumer';
import { integerIn } from './validate';

/** FifoConsumer props with defaults applied, after validation. */
export interface FifoConsumerSettings {
  readonly maxReceiveCount: number;
  readonly functionTimeout: Duration;
  readonly visibilityTimeout: Duration;
  readonly batchSize: number;
  readonly lagObjective: Duration;
  readonly dedupeTtl: Duration;
  readonly targetRetryAttempts: number;
  readonly targetMaxEventAge: Duration;
  readonly forwarderTimeout: Duration;
}

/** Environment names the construct sets itself; a user value would silently break the runtime. */
export const RESERVED_ENVIRONMENT = [
  'CONSUMER_NAME',
  'DEDUPE_TABLE_NAME',
  'DEDUPE_TTL_SECONDS',
  'STATE_TABLE_NAME',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'NODE_OPTIONS',
];

const CONSUMER_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Checks every FifoConsumer prop and applies the defaults.
 * @throws InvalidPropError, InvalidOrderingKeyError or VisibilityTimeoutTooShortError naming the prop.
 */
export function validateFifoConsumerProps(path: string, props: FifoConsumerProps): FifoConsumerSettings {
  if (!CONSUMER_NAME.test(props.consumerName)) {
    throw new InvalidPropError(
      path,
      'consumerName',
      props.consumerName,
      'use 1-40 lowercase letters, digits or "-", starting with a letter (it names the rule, groups and metrics)',
    );
  }
  if (Object.keys(props.eventPattern).length === 0) {
    throw new InvalidPropError(path, 'eventPattern', props.eventPattern, 'give at least one field to match, e.g. { source: ["orders-service"] }');
  }
  try {
    props.orderingKey?.validate();
  } catch (error) {
    throw new InvalidOrderingKeyError(path, props.orderingKey?.path ?? '', (error as Error).message);
  }

  const maxReceiveCount = integerIn(path, 'maxReceiveCount', props.maxReceiveCount ?? 5, 1, 1000);
  const batchSize = integerIn(path, 'batchSize', props.batchSize ?? 10, 1, 10);
  if (props.maxConcurrency !== undefined) integerIn(path, 'maxConcurrency', props.maxConcurrency, 2, 1000);
  const targetRetryAttempts = integerIn(path, 'targetRetryAttempts', props.targetRetryAttempts ?? 185, 0, 185);

  const functionTimeout = props.functionTimeout ?? Duration.seconds(30);
  integerIn(path, 'functionTimeout (seconds)', functionTimeout.toSeconds(), 1, 900);
  const visibilityTimeout = props.visibilityTimeout ?? Duration.seconds(functionTimeout.toSeconds() * 6);
  integerIn(path, 'visibilityTimeout (seconds)', visibilityTimeout.toSeconds(), 0, 43_200);
  if (visibilityTimeout.toSeconds() < functionTimeout.toSeconds() * 6) {
    throw new VisibilityTimeoutTooShortError(path, visibilityTimeout.toSeconds(), functionTimeout.toSeconds());
  }

  const lagObjective = props.lagObjective ?? Duration.minutes(5);
  integerIn(path, 'lagObjective (seconds)', lagObjective.toSeconds(), 60, 1_209_600);
  const dedupeTtl = props.dedupeTtl ?? Duration.days(7);
  // Shorter than a few hours and a redelivery after a long outage would run twice.
  integerIn(path, 'dedupeTtl (seconds)', dedupeTtl.toSeconds(), 3600, 31_536_000);
  const targetMaxEventAge = props.targetMaxEventAge ?? Duration.hours(24);
  integerIn(path, 'targetMaxEventAge (seconds)', targetMaxEventAge.toSeconds(), 60, 86_400);

  for (const name of Object.keys(props.environment ?? {})) {
    if (RESERVED_ENVIRONMENT.includes(name)) {
      throw new InvalidPropError(path, 'environment', name, `${name} is set by the construct; remove it from environment`);
    }
  }

  return {
    maxReceiveCount,
    functionTimeout,
    visibilityTimeout,
    batchSize,
    lagObjective,
    dedupeTtl,
    targetRetryAttempts,
    targetMaxEventAge,
    forwarderTimeout: Duration.seconds(30),
  };
}
