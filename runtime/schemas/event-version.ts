import { InvalidEventVersionError } from './errors';

/**
 * An event's `metadata.eventVersion`, split. `"1"` is 1.0, `"1.1"` is minor 1 of major 1.
 * Minors of one major are compatible both ways (FULL_TRANSITIVE); a new major may break.
 */
export interface EventVersion {
  readonly major: number;
  readonly minor: number;
  /** The canonical string: `"1"` for minor 0, `"1.1"` otherwise (what producers put in `eventVersion`). */
  readonly text: string;
}

const VERSION = /^([1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?$/;

/** Parses `"1"` / `"1.1"`; throws InvalidEventVersionError for anything else (`"v1"`, `"1.0.1"`, `"01"`). */
export function parseEventVersion(text: string, where = 'eventVersion'): EventVersion {
  const match = typeof text === 'string' ? VERSION.exec(text) : null;
  if (!match) throw new InvalidEventVersionError(String(text), where);
  const major = Number(match[1]);
  const minor = match[2] === undefined ? 0 : Number(match[2]);
  return { major, minor, text: formatEventVersion(major, minor) };
}

/** The canonical text of a version: minor 0 is written without it (`"2"`, not `"2.0"`). */
export function formatEventVersion(major: number, minor: number): string {
  return minor === 0 ? String(major) : `${major}.${minor}`;
}

/** Orders versions: negative when `a` is older than `b`. */
export function compareEventVersions(a: EventVersion, b: EventVersion): number {
  return a.major - b.major || a.minor - b.minor;
}
