import { createHash } from 'node:crypto';

/**
 * A short fingerprint of what an event says: source, detail-type and the detail as delivered.
 * EventBridge's `id` and `time` are left out on purpose: a producer retry, an outbox re-publish or an
 * archive replay of the same event changes them but not the fact, and must read as a duplicate.
 */
export function contentHash(source: string, detailType: string, detail: unknown): string {
  return createHash('sha256')
    .update(`${source}\n${detailType}\n${JSON.stringify(detail)}`)
    .digest('base64url')
    .slice(0, 22);
}
