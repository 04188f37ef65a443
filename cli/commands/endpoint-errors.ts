/**
 * What a CLI command tells the user when the endpoint it calls cannot be reached: which endpoint,
 * what the network said, and what to do, instead of a bare `ECONNREFUSED`.
 */

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there (connection refused)',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS lookup failed)',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
};

/** The network error code of an SDK or Node error (`ECONNREFUSED`, ...), looking through `cause` and AggregateErrors. */
export function networkErrorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === null || typeof next !== 'object' || seen.has(next)) continue;
    seen.add(next);
    const code = (next as { code?: unknown }).code;
    if (typeof code === 'string' && code in NETWORK_CODES) return code;
    queue.push((next as { cause?: unknown }).cause);
    const errors = (next as { errors?: unknown }).errors;
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return undefined;
}

/**
 * A sentence for an endpoint that could not be reached, or undefined when `error` is not a network
 * failure. Local endpoints (127.0.0.1, localhost) point at `npm start`.
 */
export function describeUnreachable(error: unknown, endpoint: string | undefined): string | undefined {
  const code = networkErrorCode(error);
  if (code === undefined) return undefined;
  const where = endpoint ?? 'the AWS endpoint of your region';
  const local = endpoint !== undefined && /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]?/.test(endpoint);
  const todo = local
    ? 'Start the local runtime with `npm start` (it prints its EventBridge endpoint) and pass that URL with --endpoint.'
    : 'Check the URL and your network, or pass --endpoint http://127.0.0.1:<port> for the local runtime (`npm start`).';
  return `Cannot reach ${where}: ${NETWORK_CODES[code]} (${code}). ${todo}`;
}
