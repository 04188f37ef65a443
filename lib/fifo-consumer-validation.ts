import { join } from 'node:path';
import { Duration, Token } from 'aws-cdk-lib';
import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { validatePattern } from '../local/eventbridge';
import { EnvironmentVariable } from '../runtime/contract';
import { parseGroupKeyPath } from '../runtime/forwarding';
import type { SchemaRegistry } from '../runtime/schemas/index';
import { loadAppSchemaRegistry } from '../local/schemas/index';
import { DedupeWindowTooShortError, InvalidOrderingKeyError, InvalidPropError, VisibilityTimeoutTooShortError } from './errors';
import type { FifoConsumerProps } from './fifo-consumer';
import { orderingKeyProblem } from './ordering-key-check';
import { DLQ_RETENTION, QUEUE_RETENTION } from './secure-queue';
import { integerIn } from './validate';

/**
 * Concurrent forwarder batches per consumer when `forwarderMaxConcurrency` is not given; the
 * forwarder reserves as much, so the account needs 100 unreserved executions plus every reservation.
 */
export const DEFAULT_FORWARDER_MAX_CONCURRENCY = 10;

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
  readonly forwarderMaxConcurrency: number;
  readonly archiveRetention: Duration;
  /** True when the ordering key's path could not be checked: the app keeps no schemas/ to check it against. */
  readonly orderingKeyUnchecked: boolean;
}

/** RouterBus's default archive retention, the consumer's default assumption. */
export const DEFAULT_ARCHIVE_RETENTION = Duration.days(30);

/**
 * Longest a copy of an event can still reach the consumer after its first delivery: replayed
 * from the archive up to `archiveRetention` later (or parked in the rule-target DLQ for its 14
 * days and redriven, whichever is longer), then waiting in the buffer queue, the consumer queue
 * and the consumer DLQ before a redrive, each up to its retention. The dedupe window (markers and
 * sequence cursors) must cover it, or that copy is applied twice.
 */
export function requiredDedupeWindow(archiveRetention: Duration): Duration {
  const entry = Math.max(archiveRetention.toSeconds(), DLQ_RETENTION.toSeconds());
  return Duration.seconds(QUEUE_RETENTION.toSeconds() * 2 + DLQ_RETENTION.toSeconds() + entry);
}

/** The pattern as CloudFormation gets it (`detailType` -> `detail-type`). */
function renderedPattern(pattern: EventPattern): Record<string, unknown> {
  return Object.fromEntries(Object.entries(pattern).map(([key, value]) => [key === 'detailType' ? 'detail-type' : key, value]));
}

/** Environment names the construct sets itself; a user value would silently break the runtime. */
export const RESERVED_ENVIRONMENT = [
  EnvironmentVariable.CONSUMER_NAME,
  EnvironmentVariable.DEDUPE_TABLE_NAME,
  EnvironmentVariable.DEDUPE_TTL_SECONDS,
  EnvironmentVariable.STATE_TABLE_NAME,
  EnvironmentVariable.POWERTOOLS_SERVICE_NAME,
  EnvironmentVariable.POWERTOOLS_METRICS_NAMESPACE,
  'NODE_OPTIONS',
];

const CONSUMER_NAME = /^[a-z][a-z0-9-]{0,39}$/;

const appRegistries = new Map<string, SchemaRegistry | null>();

/** The app's schemas (the `schemas/` folder of the current directory), read and compiled once per app; null without one. */
function appSchemaRegistry(): SchemaRegistry | null {
  const dir = process.cwd();
  if (!appRegistries.has(dir)) appRegistries.set(dir, loadAppSchemaRegistry(join(dir, 'schemas')) ?? null);
  return appRegistries.get(dir)!;
}

/**
 * Checks every FifoConsumer prop and applies the defaults.
 * @throws InvalidPropError, InvalidOrderingKeyError or VisibilityTimeoutTooShortError naming the prop.
 */
export function validateFifoConsumerProps(
  path: string,
  props: FifoConsumerProps,
  schemaRegistry: SchemaRegistry | null = appSchemaRegistry(),
): FifoConsumerSettings {
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
  validateEventPattern(path, props.eventPattern);
  validateOrderingKey(path, props, schemaRegistry);

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
  const forwarderMaxConcurrency = integerIn(path, 'forwarderMaxConcurrency', props.forwarderMaxConcurrency ?? DEFAULT_FORWARDER_MAX_CONCURRENCY, 2, 1000);
  const archiveRetention = props.archiveRetention ?? DEFAULT_ARCHIVE_RETENTION;
  integerIn(path, 'archiveRetention (seconds)', archiveRetention.toSeconds(), 86_400, 31_536_000);
  const window = requiredDedupeWindow(archiveRetention);
  const dedupeTtl = props.dedupeTtl ?? window;
  // Shorter than a few hours and a redelivery after a long outage would run twice.
  integerIn(path, 'dedupeTtl (seconds)', dedupeTtl.toSeconds(), 3600, 31_536_000);
  if (dedupeTtl.toSeconds() < window.toSeconds()) {
    throw new DedupeWindowTooShortError(path, dedupeTtl.toSeconds(), {
      bufferRetention: QUEUE_RETENTION.toSeconds(),
      queueRetention: QUEUE_RETENTION.toSeconds(),
      deadLetterRetention: DLQ_RETENTION.toSeconds(),
      archiveRetention: archiveRetention.toSeconds(),
      targetDeadLetterRetention: DLQ_RETENTION.toSeconds(),
    });
  }
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
    forwarderMaxConcurrency,
    archiveRetention,
    orderingKeyUnchecked: props.orderingKey?.path !== undefined && schemaRegistry === null,
  };
}

/** Refuses, at synth, a pattern EventBridge would refuse at deploy (or the local runtime at start). */
function validateEventPattern(path: string, pattern: EventPattern): void {
  const rendered = renderedPattern(pattern);
  if (Token.isUnresolved(rendered) || JSON.stringify(rendered).includes('${Token[')) return; // resolved at deploy
  try {
    validatePattern(rendered);
  } catch (error) {
    throw new InvalidPropError(
      path,
      'eventPattern',
      rendered,
      `EventBridge refuses it (${(error as Error).message}). Fix the pattern; see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html`,
    );
  }
}

/** The ordering key must be a plain path that names a value in the events the rule selects. */
function validateOrderingKey(path: string, props: FifoConsumerProps, registry: SchemaRegistry | null): void {
  const keyPath = props.orderingKey?.path;
  if (keyPath === undefined) return;
  let segments: readonly string[];
  try {
    segments = parseGroupKeyPath(keyPath);
  } catch (error) {
    throw new InvalidOrderingKeyError(path, keyPath, (error as Error).message);
  }
  // Without the app's schemas there is nothing to check the path against.
  const problem = registry === null ? undefined : orderingKeyProblem(segments, props.eventPattern, registry);
  if (problem !== undefined) throw new InvalidOrderingKeyError(path, keyPath, problem);
}
