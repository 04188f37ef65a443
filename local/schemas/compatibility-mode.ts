import { UnknownCompatibilityModeError } from './errors';

/** Confluent Schema Registry's compatibility modes (plus NONE, which checks nothing). */
export const COMPATIBILITY_MODES = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
] as const;

/** One of COMPATIBILITY_MODES. */
export type CompatibilityMode = (typeof COMPATIBILITY_MODES)[number];

/**
 * Which way an incompatibility breaks. `backward`: a consumer on the new schema cannot read
 * events written with the old one. `forward`: a consumer still on the old schema cannot read
 * events written with the new one.
 */
export type Direction = 'backward' | 'forward';

/** The mode every event type uses within a major version unless its event.json says otherwise. */
export const DEFAULT_COMPATIBILITY_MODE: CompatibilityMode = 'FULL_TRANSITIVE';

/** Parses a mode name, case-insensitively; throws UnknownCompatibilityModeError otherwise. */
export function parseCompatibilityMode(text: string): CompatibilityMode {
  const upper = text.trim().toUpperCase();
  const mode = COMPATIBILITY_MODES.find((m) => m === upper);
  if (!mode) throw new UnknownCompatibilityModeError(text, COMPATIBILITY_MODES);
  return mode;
}

/** The directions a mode requires: FULL needs both, NONE neither. */
export function directionsOf(mode: CompatibilityMode): readonly Direction[] {
  if (mode === 'NONE') return [];
  if (mode.startsWith('BACKWARD')) return ['backward'];
  if (mode.startsWith('FORWARD')) return ['forward'];
  return ['backward', 'forward'];
}

/** True when the mode checks a new version against every earlier one, not only the latest. */
export function isTransitive(mode: CompatibilityMode): boolean {
  return mode.endsWith('_TRANSITIVE');
}
