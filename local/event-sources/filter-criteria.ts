import { UnsupportedEventSourceError } from './errors';

/** Compiles one EventBridge-syntax pattern to a predicate (Lambda filter patterns use EventBridge's syntax). */
export type PatternMatcher = (pattern: Record<string, unknown>) => (event: unknown) => boolean;

/** A compiled `FilterCriteria`: a record passes when any filter matches it (filters are OR-ed, as in Lambda). */
export type RecordFilter = (record: unknown) => boolean;

/** Compiles `FilterCriteria.Filters[].Pattern`; no criteria lets every record through. */
export function compileFilterCriteria(criteria: unknown, matcher: PatternMatcher | undefined, where: string): RecordFilter {
  const filters = (criteria as { Filters?: Array<{ Pattern?: unknown }> } | undefined)?.Filters ?? [];
  if (filters.length === 0) return () => true;
  if (matcher === undefined) {
    throw new UnsupportedEventSourceError(where, 'FilterCriteria needs the EventBridge pattern engine, which was not provided.');
  }
  const patterns = filters.map((filter, i) => {
    const raw = filter.Pattern;
    try {
      const pattern = typeof raw === 'string' ? JSON.parse(raw) : raw;
      if (pattern === null || typeof pattern !== 'object' || Array.isArray(pattern)) throw new Error('not a JSON object');
      return pattern as Record<string, unknown>;
    } catch (error) {
      throw new UnsupportedEventSourceError(where, `FilterCriteria.Filters[${i}].Pattern is not a JSON object pattern: ${(error as Error).message}.`);
    }
  });
  const compiled = patterns.map((pattern, i) => {
    try {
      return matcher(pattern);
    } catch (error) {
      throw new UnsupportedEventSourceError(where, `FilterCriteria.Filters[${i}].Pattern is invalid: ${(error as Error).message}`);
    }
  });
  return (record) => compiled.some((matches) => matches(record));
}

/** What Lambda matches an SQS filter against: the record with `body` parsed when it is JSON. */
export function sqsFilterView(record: { body: string } & Record<string, unknown>): unknown {
  try {
    return { ...record, body: JSON.parse(record.body) };
  } catch {
    return record;
  }
}
