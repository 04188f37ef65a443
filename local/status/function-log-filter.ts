import type { FunctionLogLine } from '../lambda';

/** Which function output `npm start` prints: only what tells of a problem, or everything. */
export type FunctionLogLevel = 'problems' | 'all';

const PROBLEM_LEVELS = new Set(['ERROR', 'WARN', 'CRITICAL']);

/**
 * Whether a function's line reports a problem: a Powertools JSON line at level WARN or above,
 * anything on stderr, or a platform line of a failed invocation. Failing handlers must be
 * visible while the live view runs, or a poison message would sit unexplained until the DLQ.
 */
export function isProblemLine(log: FunctionLogLine): boolean {
  if (log.stream === 'stderr') return true;
  if (log.stream === 'platform') return /\b(error|timed out|Task timed out)\b/i.test(log.line);
  const text = log.line.trim();
  if (!text.startsWith('{')) return /\b(ERROR|WARN)\b/.test(text);
  try {
    const level = (JSON.parse(text) as { level?: unknown }).level;
    return typeof level === 'string' && PROBLEM_LEVELS.has(level.toUpperCase());
  } catch {
    return false;
  }
}

/** The line as `npm start` prints it, prefixed with the function name; undefined when the level filters it out. */
export function formatFunctionLog(log: FunctionLogLine, level: FunctionLogLevel): string | undefined {
  if (level === 'problems' && !isProblemLine(log)) return undefined;
  return `[${log.functionName}] ${log.line.trimEnd()}\n`;
}
