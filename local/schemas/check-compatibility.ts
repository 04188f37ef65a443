import { directionsOf, isTransitive, type CompatibilityMode, type Direction } from './compatibility-mode';
import { findReadabilityGaps, type GapKind } from './readability';
import { SchemaDocument, type JsonSchema } from './schema-document';

/** One version of an event's data schema. */
export interface SchemaVersion {
  /** How messages name it: `v1.1`, or a file name for `schema diff`. */
  readonly label: string;
  readonly schema: JsonSchema;
}

/** One reason why a new schema version breaks the compatibility mode. */
export interface Incompatibility {
  readonly kind: GapKind;
  /** Which way it breaks (see Direction). */
  readonly direction: Direction;
  /** JSON pointer of the location in the schema. */
  readonly pointer: string;
  /** Dotted path of the affected value in the event (`data.lines[].sku`). */
  readonly field: string;
  /** Label of the earlier version it was checked against. */
  readonly against: string;
  /** What changed and what breaks, in one sentence. */
  readonly message: string;
}

/**
 * Checks `next` against `previous` for one mode's directions. BACKWARD: the new schema
 * reads what the old one wrote; FORWARD: the old schema reads what the new one writes.
 */
export function diffSchemas(previous: SchemaVersion, next: SchemaVersion, mode: CompatibilityMode): Incompatibility[] {
  const oldDoc = new SchemaDocument(previous.schema, `${previous.label} (old)`);
  const newDoc = new SchemaDocument(next.schema, `${next.label} (new)`);
  return directionsOf(mode).flatMap((direction) => {
    const [writer, reader] = direction === 'backward' ? [oldDoc, newDoc] : [newDoc, oldDoc];
    const consequence =
      direction === 'backward'
        ? `consumers on ${next.label} cannot read events written with ${previous.label}`
        : `consumers still on ${previous.label} cannot read events written with ${next.label}`;
    return findReadabilityGaps(writer, reader).map((gap) => ({
      ...gap,
      direction,
      against: previous.label,
      message: `${direction.toUpperCase()} break at ${gap.pointer || '/'}: ${gap.message}, so ${consequence}.`,
    }));
  });
}

/**
 * Checks the last version of `history` (oldest first) against its predecessors: all of
 * them in a transitive mode, only the one before it otherwise.
 */
export function checkAgainstHistory(history: readonly SchemaVersion[], mode: CompatibilityMode): Incompatibility[] {
  if (history.length < 2) return [];
  const next = history.at(-1)!;
  const earlier = history.slice(0, -1);
  const against = isTransitive(mode) ? earlier : earlier.slice(-1);
  return against.flatMap((previous) => diffSchemas(previous, next, mode));
}
