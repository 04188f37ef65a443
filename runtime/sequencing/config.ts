import { SequencingConfigError } from './errors';
import { EnvironmentVariable } from '../contract/index';

/** What the gap sweeper does with a gap open longer than the gap timeout. */
export type OnGap = 'wait' | 'skip';

/** Five minutes: the default time a missing sequence is waited for before the gap counts as timed out. */
export const DEFAULT_GAP_TIMEOUT_SECONDS = 300;

/** At most this long a new entity whose first event seen is above 1 waits for its earlier ones (see docs/runtime.md). */
export const MAX_NEW_ENTITY_GRACE_SECONDS = 30;

/** Ordering settings of a consumer, from the environment contract of the `FifoConsumer` construct. */
export interface SequencingSettings {
  /** ORDERED=true: the message group id is the entity, sequenced events are applied in sequence order. */
  readonly ordered: boolean;
  /** GAP_TIMEOUT_SECONDS. @default 300 */
  readonly gapTimeoutSeconds: number;
  /** ON_GAP. @default 'wait' */
  readonly onGap: OnGap;
  /** How long an entity first seen above sequence 1 waits for its earlier events: min(30 s, gap timeout). */
  readonly newEntityGraceSeconds: number;
}

/** Reads ORDERED, GAP_TIMEOUT_SECONDS and ON_GAP; a bad value fails at cold start naming the variable. */
export function readSequencingSettings(env: NodeJS.ProcessEnv = process.env, overrides: Partial<SequencingSettings> = {}): SequencingSettings {
  const orderedText = env[EnvironmentVariable.ORDERED];
  if (orderedText !== undefined && orderedText !== '' && orderedText !== 'true' && orderedText !== 'false') {
    throw new SequencingConfigError(`ORDERED must be "true" or "false", got ${JSON.stringify(orderedText)}.`);
  }
  const timeoutText = env[EnvironmentVariable.GAP_TIMEOUT_SECONDS];
  const gapTimeoutSeconds = overrides.gapTimeoutSeconds ?? (timeoutText === undefined || timeoutText === '' ? DEFAULT_GAP_TIMEOUT_SECONDS : Number(timeoutText));
  if (!Number.isInteger(gapTimeoutSeconds) || gapTimeoutSeconds < 1) {
    throw new SequencingConfigError(`GAP_TIMEOUT_SECONDS must be a positive whole number of seconds, got ${JSON.stringify(timeoutText ?? gapTimeoutSeconds)}.`);
  }
  const onGap = overrides.onGap ?? ((env[EnvironmentVariable.ON_GAP] ?? '') === '' ? 'wait' : env[EnvironmentVariable.ON_GAP]);
  if (onGap !== 'wait' && onGap !== 'skip') throw new SequencingConfigError(`ON_GAP must be "wait" or "skip", got ${JSON.stringify(onGap)}.`);
  const newEntityGraceSeconds = overrides.newEntityGraceSeconds ?? Math.min(MAX_NEW_ENTITY_GRACE_SECONDS, gapTimeoutSeconds);
  if (!(newEntityGraceSeconds >= 0)) throw new SequencingConfigError(`newEntityGraceSeconds must be >= 0, got ${newEntityGraceSeconds}.`);
  return { ordered: overrides.ordered ?? orderedText === 'true', gapTimeoutSeconds, onGap, newEntityGraceSeconds };
}
