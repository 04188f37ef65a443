import type { SQSClient } from '@aws-sdk/client-sqs';
import type { CursorStore } from './cursor-store';
import { NotParkedError } from './errors';
import { releaseHeldEvent } from './release-held';

/** Options of `skipParkedSequence`. */
export interface SkipParkedOptions {
  readonly store: CursorStore;
  readonly sqs: SQSClient;
  /** The consumer queue: the entity's next held event is sent back there to be applied. */
  readonly queueUrl: string;
  /** The entity (message group id / value at the ordering key). */
  readonly entity: string;
  /** The parked sequence to give up on; must be the one quarantining the entity. */
  readonly sequence: number;
}

/** What `skipParkedSequence` did. */
export interface SkipParkedResult {
  readonly entity: string;
  readonly skipped: number;
  /** Events of the entity still held behind it, now released (applied by the consumer in order). */
  readonly held: number;
  /** Whether the next held event was sent back to the consumer queue to start the drain. */
  readonly released: boolean;
}

/**
 * Gives up on an entity's parked event: its sequence counts as done (never applied), the quarantine
 * ends, and the entity's held events are applied in order (the first one is re-sent to the consumer
 * queue, which drains the rest). The parked message stays in the DLQ: delete it there. Throws
 * `NotParkedError` when `sequence` is not the entity's parked sequence (nothing changed).
 */
export async function skipParkedSequence(options: SkipParkedOptions): Promise<SkipParkedResult> {
  const { store, entity, sequence } = options;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const cursor = await store.readCursor(entity);
    if (cursor.parkedSequence !== sequence) {
      throw new NotParkedError(
        cursor.parkedSequence === undefined
          ? `Entity ${entity} is not quarantined: no parked sequence to skip (last applied ${cursor.applied ?? 'none'}). Check the entity and the consumer.`
          : `Entity ${entity} is quarantined behind sequence ${cursor.parkedSequence}, not ${sequence}: skip ${cursor.parkedSequence}.`,
      );
    }
    if ((await store.skipTo(cursor, sequence, { releaseParked: true })) === 'stale') continue;
    const next = await store.readHeld(entity, sequence + 1);
    if (next !== undefined) await releaseHeldEvent(options.sqs, options.queueUrl, next);
    return { entity, skipped: sequence, held: [...cursor.held].filter((s) => s > sequence).length, released: next !== undefined };
  }
  throw new NotParkedError(`Entity ${entity} kept changing while skipping sequence ${sequence}; run the skip again.`);
}
