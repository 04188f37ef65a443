import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { MetricName } from '../observability/index';
import type { Telemetry } from '../observability/index';
import type { SequencingSettings } from './config';
import type { Cursor, CursorStore } from './cursor-store';
import { missingSequences } from './missing-sequences';
import { releaseHeldEvent } from './release-held';

/** Options of `sweepGaps`. */
export interface SweepGapsOptions {
  readonly store: CursorStore;
  readonly settings: SequencingSettings;
  readonly sqs: SQSClient;
  /** The consumer queue: a held event whose gap closed is sent back there to be applied. */
  readonly queueUrl: string;
  readonly telemetry: Telemetry;
  /** @default Date.now */
  readonly now?: () => number;
}

/** What one sweep found and did. */
export interface SweepSummary {
  /** Entities with held events. */
  readonly entitiesWithGaps: number;
  /** Held events across all entities. */
  readonly heldEvents: number;
  readonly gapsTimedOut: number;
  readonly sequencesSkipped: number;
  /** Entities quarantined behind a parked event (never skipped by the sweeper). */
  readonly quarantined: number;
  /** Held events sent back to the consumer queue (gap closed by a skip, an adoption, or an unfinished drain). */
  readonly released: number;
}

/**
 * One run of the gap sweeper (every minute): reads the entities with held events from the sparse
 * `gaps` index (cost grows with open gaps, not with the table), emits `HeldEvents` and `GapsTimedOut`,
 * and for each entity:
 * - quarantined behind a parked event: left alone, only counted;
 * - next sequence held (a drain the consumer could not finish): the held event is re-sent;
 * - new entity (nothing applied) waiting longer than the new-entity grace: its lowest held sequence
 *   becomes its start, logged with the sequences before it, and the event is re-sent;
 * - gap open longer than the gap timeout: counted in `GapsTimedOut`; with `onGap: 'skip'` the missing
 *   sequences are given up (logged with the entity and the numbers, counted in `SequencesSkipped`)
 *   and the first held event is re-sent.
 */
export async function sweepGaps(options: SweepGapsOptions): Promise<SweepSummary> {
  const { store, settings, sqs, queueUrl, telemetry } = options;
  const now = (options.now ?? Date.now)();
  const { logger } = telemetry;
  const cursors = await store.listOpenGaps();
  let heldEvents = 0;
  let gapsTimedOut = 0;
  let sequencesSkipped = 0;
  let quarantined = 0;
  let released = 0;

  const release = async (cursor: Cursor, sequence: number) => {
    const held = await store.readHeld(cursor.entity, sequence);
    if (held === undefined) return;
    await releaseHeldEvent(sqs, queueUrl, held, now);
    released += 1;
  };

  for (const cursor of cursors) {
    heldEvents += cursor.held.size;
    if (cursor.held.size === 0) continue;
    const first = Math.min(...cursor.held);
    try {
      if (cursor.parkedSequence !== undefined) {
        quarantined += 1;
        continue;
      }
      if (cursor.applied !== undefined && first === cursor.applied + 1) {
        await release(cursor, first);
        continue;
      }
      if (cursor.applied === undefined) {
        if (now - (cursor.firstSeenAt ?? now) < settings.newEntityGraceSeconds * 1000) continue;
        if ((await store.skipTo(cursor, first - 1)) === 'stale') continue;
        logger.info('New entity: its first events never arrived within the grace, starting at its lowest held sequence', {
          entity: cursor.entity,
          start: first,
          notSeen: missingSequences(0, first),
        });
        await release(cursor, first);
        continue;
      }
      if (now - (cursor.gapOpenSince ?? now) < settings.gapTimeoutSeconds * 1000) continue;
      gapsTimedOut += 1;
      const missing = missingSequences(cursor.applied, first);
      if (settings.onGap === 'wait') {
        logger.warn('Gap timed out: held events keep waiting for the missing sequences (onGap wait)', {
          entity: cursor.entity,
          missing,
          held: cursor.held.size,
          openSinceMs: now - (cursor.gapOpenSince ?? now),
        });
        continue;
      }
      if ((await store.skipTo(cursor, first - 1)) === 'stale') continue;
      sequencesSkipped += missing.count;
      logger.warn('Sequences skipped: gap timed out (onGap skip); held events are applied without them', { entity: cursor.entity, missing });
      await release(cursor, first);
    } catch (error) {
      // One entity's trouble must not stop the others; the next sweep tries it again.
      logger.error('Gap sweep of one entity failed; it is tried again on the next run', { entity: cursor.entity, error: error as Error });
    }
  }
  // HeldEvents is a level, so 0 is a data point too (count() drops zeros).
  if (heldEvents === 0) telemetry.metrics.addMetric(MetricName.HeldEvents, MetricUnit.Count, 0);
  else telemetry.count(MetricName.HeldEvents, heldEvents);
  telemetry.count(MetricName.GapsTimedOut, gapsTimedOut);
  telemetry.count(MetricName.SequencesSkipped, sequencesSkipped);
  return { entitiesWithGaps: cursors.length, heldEvents, gapsTimedOut, sequencesSkipped, quarantined, released };
}
