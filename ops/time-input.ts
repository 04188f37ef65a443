import { OpsInputError } from './errors';

const RELATIVE = /^-(\d+(?:\.\d+)?)(s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** What `--from`, `--to` and `--since` accept. */
export const TIME_HELP = 'an ISO 8601 time (2026-11-30T10:00:00Z), "now", or a time ago like -30m, -2h, -1d';

/** Parses a time option: ISO 8601, `now`, or `-<n><s|m|h|d>` before `now`. Throws {@link OpsInputError} naming the option. */
export function parseTime(option: string, value: string, now = Date.now()): Date {
  const text = value.trim();
  if (text === 'now') return new Date(now);
  const relative = RELATIVE.exec(text);
  if (relative !== null) return new Date(now - Number(relative[1]) * UNIT_MS[relative[2]!]!);
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || !Number.isFinite(ms)) throw new OpsInputError(`${option} ${JSON.stringify(value)} is not a time; give ${TIME_HELP}.`);
  return new Date(ms);
}
