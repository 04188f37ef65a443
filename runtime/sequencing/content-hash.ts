import { createHash } from 'node:crypto';

/**
 * A short fingerprint of what an event says: source, detail-type and, for an enveloped event, its
 * eventType, eventVersion, sequence and data (the whole detail otherwise). EventBridge's `id` and
 * `time`, and the envelope's `occurredAt`, producer and correlation ids are left out on purpose: a
 * producer retry, an outbox re-publish, an archive replay or `publish --event-id` of the same fact
 * may change them, and must read as a duplicate, not as a reused id.
 */
export function contentHash(source: string, detailType: string, detail: unknown): string {
  const envelope = detail as { metadata?: { eventType?: unknown; eventVersion?: unknown; sequence?: unknown }; data?: unknown } | null;
  const fact =
    envelope !== null && typeof envelope === 'object' && typeof envelope.metadata === 'object' && envelope.metadata !== null && 'data' in envelope
      ? [envelope.metadata.eventType, envelope.metadata.eventVersion, envelope.metadata.sequence ?? null, envelope.data]
      : detail;
  return createHash('sha256')
    .update(`${source}\n${detailType}\n${JSON.stringify(fact)}`)
    .digest('base64url')
    .slice(0, 22);
}
