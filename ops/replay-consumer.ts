import { DescribeArchiveCommand, DescribeReplayCommand, StartReplayCommand, CancelReplayCommand, type StartReplayCommandInput } from '@aws-sdk/client-eventbridge';
import { REPROCESS_PREFIX } from '../runtime/envelope';
import { OpsInputError, ReplayError } from './errors';
import type { OpsTarget } from './types';

/**
 * Prefix of a replay that asks the consumer to run events again (the convention lives in runtime/envelope): the
 * forwarder deduplicates such a copy by `<eventId>#<replay-name>` and the consumer keys its marker the same way, so
 * each such replay applies once; any other replay keeps the plain eventId, so what was applied is skipped.
 */
export { REPROCESS_PREFIX };

/** Options of {@link replayConsumer}. */
export interface ReplayOptions {
  readonly from: Date;
  readonly to: Date;
  /** Let the consumer apply events it already applied (a replay named `reprocess-...`). @default false */
  readonly reprocess?: boolean;
  /** Only show the StartReplay request. @default false */
  readonly dryRun?: boolean;
  /** @default `<replay|reprocess>-<consumer>-<base36 time>` */
  readonly name?: string;
  /** Between DescribeReplay polls. @default 2000 ms */
  readonly pollMs?: number;
  /** Aborting cancels the replay (CancelReplay) and waits for it to stop. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReplayProgress) => void;
}

/** Where a running replay is. */
export interface ReplayProgress {
  readonly state: string;
  /** Share of the window replayed so far (by EventLastReplayedTime), 0-1. */
  readonly fraction: number;
}

/** What {@link replayConsumer} did. */
export interface ReplayResult {
  readonly consumer: string;
  readonly replayName: string;
  readonly dryRun: boolean;
  readonly reprocess: boolean;
  readonly request: StartReplayCommandInput;
  /** The final state (COMPLETED, CANCELLED, FAILED), or `NOT_STARTED` on a dry run. */
  readonly state: string;
  readonly stateReason?: string;
  /** Events in the archive (all time), from DescribeArchive. */
  readonly archiveEventCount?: number;
}

/**
 * Checks a replay window on its own, before anything is connected or started.
 * @throws OpsInputError when `from` is not before `to`, or `to` is in the future
 */
export function checkReplayWindow(options: Pick<ReplayOptions, 'from' | 'to'>): void {
  if (!(options.from.getTime() < options.to.getTime())) throw new OpsInputError('--from must be before --to.');
  if (options.to.getTime() > Date.now() + 1000) throw new OpsInputError('--to cannot be in the future: an archive replays events it already has.');
}

/**
 * Replays the archive's events of [from, to] to ONE consumer: StartReplay with `Destination.FilterArns` = the
 * consumer's rule, so no other consumer's rule receives them, then polls DescribeReplay until it ends. Replayed events
 * carry `replay-name`; the consumer's dedupe skips events it applied unless `reprocess` (see {@link REPROCESS_PREFIX}).
 */
export async function replayConsumer(target: OpsTarget, consumerName: string, options: ReplayOptions): Promise<ReplayResult> {
  checkReplayWindow(options);
  const consumer = await target.consumer(consumerName);
  const reprocess = options.reprocess === true;
  if (options.name !== undefined && options.name.startsWith(REPROCESS_PREFIX) !== reprocess) {
    throw new OpsInputError(
      reprocess
        ? `--name must start with "${REPROCESS_PREFIX}" with --reprocess (the consumer reprocesses only such replays); got ${JSON.stringify(options.name)}.`
        : `--name ${JSON.stringify(options.name)} starts with "${REPROCESS_PREFIX}", which makes the consumer apply events again: add --reprocess if you mean it, or pick another name.`,
    );
  }
  const replayName = options.name ?? `${reprocess ? REPROCESS_PREFIX : 'replay-'}${consumer.name}-${Date.now().toString(36)}`.slice(0, 64);
  const request: StartReplayCommandInput = {
    ReplayName: replayName,
    Description: `event-router replay ${options.from.toISOString()}..${options.to.toISOString()} to ${consumer.name}${reprocess ? ' (reprocess)' : ''}`,
    EventSourceArn: target.archiveArn,
    EventStartTime: options.from,
    EventEndTime: options.to,
    Destination: { Arn: target.busArn, FilterArns: [consumer.ruleArn] },
  };
  let archiveEventCount: number | undefined;
  try {
    const archive = await target.eventBridge.send(new DescribeArchiveCommand({ ArchiveName: target.archiveArn.split(':archive/')[1] }));
    archiveEventCount = archive.EventCount;
  } catch (error) {
    throw new ReplayError(`The router's archive ${target.archiveArn} could not be read: ${(error as Error).message}. Is the router deployed with its archive (RouterBus)?`, { cause: error });
  }
  if (options.dryRun === true) return { consumer: consumer.name, replayName, dryRun: true, reprocess, request, state: 'NOT_STARTED', archiveEventCount };

  try {
    await target.eventBridge.send(new StartReplayCommand(request));
  } catch (error) {
    throw new ReplayError(`StartReplay refused the replay: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
  }
  const span = options.to.getTime() - options.from.getTime();
  let cancelled = false;
  for (;;) {
    if (options.signal?.aborted && !cancelled) {
      cancelled = true;
      await target.eventBridge.send(new CancelReplayCommand({ ReplayName: replayName })).catch(() => undefined);
    }
    const replay = await target.eventBridge.send(new DescribeReplayCommand({ ReplayName: replayName }));
    const state = replay.State ?? 'UNKNOWN';
    const last = replay.EventLastReplayedTime?.getTime();
    options.onProgress?.({ state, fraction: last === undefined ? 0 : Math.min(1, Math.max(0, (last - options.from.getTime()) / span)) });
    if (state === 'COMPLETED' || state === 'CANCELLED' || state === 'FAILED') {
      return { consumer: consumer.name, replayName, dryRun: false, reprocess, request, state, stateReason: replay.StateReason, archiveEventCount };
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2000));
  }
}
