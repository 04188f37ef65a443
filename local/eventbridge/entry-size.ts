/** The fields of a PutEvents entry that count towards its size. */
export interface SizedEntry {
  readonly Time?: unknown;
  readonly Source?: unknown;
  readonly DetailType?: unknown;
  readonly Detail?: unknown;
  readonly Resources?: unknown;
}

/** Request size limit before 2026-01-29 (256 KiB). */
export const LEGACY_MAX_ENTRY_SIZE_BYTES = 262_144;
/** Request size limit since 2026-01-29 (1 MiB). */
export const MAX_ENTRY_SIZE_BYTES = 1_048_576;

const utf8Length = (value: unknown): number => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);

/**
 * An entry's size as AWS documents it ("Calculating PutEvents event entry size"): 14 bytes when
 * Time is set, plus the UTF-8 bytes of Source, DetailType, Detail and each Resources entry.
 */
export function entrySize(entry: SizedEntry): number {
  let size = entry.Time !== undefined && entry.Time !== null ? 14 : 0;
  size += utf8Length(entry.Source) + utf8Length(entry.DetailType) + utf8Length(entry.Detail);
  if (Array.isArray(entry.Resources)) for (const r of entry.Resources) size += utf8Length(r);
  return size;
}
