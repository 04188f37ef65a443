import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The AWS-recorded EventBridge cases live beside the repository (CI clones `shared/` next to it);
 * tests read them from there so the oracle is never copied into the project.
 */
export const CONFORMANCE_DIR = resolve(import.meta.dirname, '../../../../shared/conformance/eventbridge');

/** Reads one JSON file of the conformance set. */
export function readConformance<T>(file: string): T {
  return JSON.parse(readFileSync(join(CONFORMANCE_DIR, file), 'utf8')) as T;
}

/** One AWS-recorded TestEventPattern case of `event-pattern-cases.json`. */
export interface PatternCase {
  readonly name: string;
  readonly expected: 'match' | 'no-match' | 'error';
  readonly eventJson: string;
  readonly eventPatternJson: string;
  readonly awsError?: { readonly code: string; readonly message: string };
}

/** The recorded content of every test in a LocalStack snapshot file, by test id. */
export function readSnapshot(file: string): Record<string, Record<string, unknown>> {
  const raw = readConformance<Record<string, { 'recorded-content': Record<string, unknown> }>>(file);
  return Object.fromEntries(Object.entries(raw).map(([id, entry]) => [id, entry['recorded-content']]));
}
