/**
 * The reprocess convention of archive replays. EventBridge marks a replayed event with a top-level
 * `replay-name`. A replay whose name starts with `reprocess-` (what `event-router replay --reprocess`
 * starts) asks the consumer to apply events again that it already applied: the forwarder gives each
 * copy a consumer-queue deduplication id of its own, and the consumer keys its dedupe marker by
 * {@link replayScopedKey}, so each event is applied once more per such replay. Any other replay keeps
 * the plain eventId, so what was applied is skipped.
 */
export const REPROCESS_PREFIX = 'reprocess-';

/** True when `replayName` names a reprocess replay (`reprocess-...`). */
export function isReprocessReplay(replayName: string | undefined): replayName is string {
  return replayName !== undefined && replayName.startsWith(REPROCESS_PREFIX) && replayName.length > REPROCESS_PREFIX.length;
}

/** The idempotency key of an event delivered by a reprocess replay: `<eventId>#<replay-name>`. */
export function replayScopedKey(eventId: string, replayName: string): string {
  return `${eventId}#${replayName}`;
}
