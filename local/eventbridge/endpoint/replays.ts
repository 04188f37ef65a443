import type { BusDefinition, RuleDefinition } from './bus-model';
import { EventBridgeServiceError, ResourceNotFoundError, ValidationError } from './errors';
import type { EventArchive } from './event-archive';
import type { DeliveredEvent } from './target-delivery';

/** States of a replay, as AWS names them. */
export type ReplayState = 'STARTING' | 'RUNNING' | 'CANCELLING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

interface Replay {
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly archive: EventArchive;
  readonly destination: { readonly Arn: string; readonly FilterArns?: string[] };
  readonly from: number;
  readonly to: number;
  readonly startedAt: number;
  state: ReplayState;
  stateReason: string;
  lastReplayedAt?: number;
  endedAt?: number;
  replayed: number;
}

/** What the replays need from the bus: its rules, and routing a replayed event to some of them. */
export interface ReplayDeps {
  readonly archives: readonly EventArchive[];
  readonly buses: ReadonlyMap<string, BusDefinition>;
  readonly region: string;
  readonly accountId: string;
  /** The enabled rules of `busName` that `event` matches. */
  match(busName: string, event: DeliveredEvent): RuleDefinition[];
  /** Delivers a replayed event to `rules` (their targets), as PutEvents delivery does. */
  deliver(event: DeliveredEvent, busName: string, rules: readonly RuleDefinition[]): void;
  /** AWS replays in time windows whose events arrive unordered; the window length. @default 60000 */
  readonly windowMs?: number;
}

const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

type Input = Record<string, unknown>;

/**
 * StartReplay / DescribeReplay / ListReplays / CancelReplay over the local archives, with AWS's semantics: the
 * replay runs in the background (STARTING -> RUNNING -> COMPLETED), events go in archive-time windows whose
 * order inside a window is not kept, each carries `replay-name`, and only the rules in `Destination.FilterArns`
 * (every rule of the bus without it) receive them.
 */
export class ReplayManager {
  private readonly replays = new Map<string, Replay>();

  constructor(private readonly deps: ReplayDeps) {}

  start(input: Input): Record<string, unknown> {
    const name = input.ReplayName;
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new ValidationError(`Parameter ReplayName is not valid: give 1-64 of letters, digits, ".", "-" or "_"; got ${JSON.stringify(name)}.`);
    }
    if (this.replays.has(name)) throw new EventBridgeServiceError('ResourceAlreadyExistsException', `Replay ${name} already exists.`);
    // Required members missing: AWS's model violations (StartReplay needs all four), not a lookup of "undefined".
    const missing = ['EventSourceArn', 'EventStartTime', 'EventEndTime', 'Destination']
      .filter((key) => input[key] === undefined || input[key] === null)
      .map((key) => key[0]!.toLowerCase() + key.slice(1));
    if (missing.length > 0) {
      throw new ValidationError(
        `${missing.length} validation error${missing.length === 1 ? '' : 's'} detected: ` +
          missing.map((member) => `Value null at '${member}' failed to satisfy constraint: Member must not be null`).join('; ') +
          '. StartReplay needs ReplayName, EventSourceArn (the archive ARN), EventStartTime, EventEndTime and Destination { Arn: <the archive\'s bus ARN> }.',
      );
    }
    const archive = this.deps.archives.find((candidate) => candidate.arn === input.EventSourceArn);
    if (archive === undefined) throw new ResourceNotFoundError(`Archive ${String(input.EventSourceArn)} does not exist.`);
    const from = epochMs(input.EventStartTime, 'EventStartTime');
    const to = epochMs(input.EventEndTime, 'EventEndTime');
    if (from >= to) throw new ValidationError('Parameter EventStartTime is not valid. Reason: EventStartTime must be before EventEndTime.');
    if (to > Date.now() + 1000) throw new ValidationError('Parameter EventEndTime is not valid. Reason: EventEndTime cannot be in the future.');
    const destination = input.Destination as { Arn?: unknown; FilterArns?: unknown } | undefined;
    const busName = typeof destination?.Arn === 'string' ? destination.Arn.split(':event-bus/')[1] : undefined;
    if (busName !== archive.busName) {
      throw new ValidationError(
        `Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted; use the archive's bus ${archive.busName}.`,
      );
    }
    const filterArns = destination?.FilterArns;
    if (filterArns !== undefined) {
      if (!Array.isArray(filterArns) || filterArns.some((arn) => typeof arn !== 'string')) {
        throw new ValidationError('Parameter Destination.FilterArns is not valid: give a list of rule ARNs.');
      }
      const rules = this.deps.buses.get(busName)?.rules ?? [];
      for (const arn of filterArns as string[]) {
        if (!rules.some((rule) => rule.arn === arn)) throw new ResourceNotFoundError(`Rule ${arn} does not exist on EventBus ${busName}.`);
      }
    }
    const replay: Replay = {
      name,
      arn: `arn:aws:events:${this.deps.region}:${this.deps.accountId}:replay/${name}`,
      description: typeof input.Description === 'string' ? input.Description : undefined,
      archive,
      destination: { Arn: destination!.Arn as string, ...(filterArns === undefined ? {} : { FilterArns: filterArns as string[] }) },
      from,
      to,
      startedAt: Date.now(),
      state: 'STARTING',
      stateReason: 'Replay accepted.',
      replayed: 0,
    };
    this.replays.set(name, replay);
    setTimeout(() => void this.run(replay), 0).unref?.();
    return { ReplayArn: replay.arn, State: replay.state, StateReason: replay.stateReason, ReplayStartTime: replay.startedAt / 1000 };
  }

  describe(input: Input): Record<string, unknown> {
    const replay = this.get(input.ReplayName);
    return {
      ReplayName: replay.name,
      ReplayArn: replay.arn,
      Description: replay.description,
      State: replay.state,
      StateReason: replay.stateReason,
      EventSourceArn: replay.archive.arn,
      Destination: replay.destination,
      EventStartTime: replay.from / 1000,
      EventEndTime: replay.to / 1000,
      EventLastReplayedTime: replay.lastReplayedAt === undefined ? undefined : replay.lastReplayedAt / 1000,
      ReplayStartTime: replay.startedAt / 1000,
      ReplayEndTime: replay.endedAt === undefined ? undefined : replay.endedAt / 1000,
    };
  }

  list(input: Input): Record<string, unknown> {
    const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
    const replays = [...this.replays.values()]
      .filter((replay) => replay.name.startsWith(prefix))
      .filter((replay) => input.State === undefined || replay.state === input.State)
      .filter((replay) => input.EventSourceArn === undefined || replay.archive.arn === input.EventSourceArn)
      .map((replay) => {
        const { ReplayName, EventSourceArn, State, StateReason, EventStartTime, EventEndTime, EventLastReplayedTime, ReplayStartTime, ReplayEndTime } =
          this.describe({ ReplayName: replay.name });
        return { ReplayName, EventSourceArn, State, StateReason, EventStartTime, EventEndTime, EventLastReplayedTime, ReplayStartTime, ReplayEndTime };
      });
    return { Replays: replays };
  }

  cancel(input: Input): Record<string, unknown> {
    const replay = this.get(input.ReplayName);
    if (replay.state !== 'STARTING' && replay.state !== 'RUNNING') {
      throw new EventBridgeServiceError('IllegalStatusException', `Replay ${replay.name} is ${replay.state}; only a STARTING or RUNNING replay can be cancelled.`);
    }
    replay.state = 'CANCELLING';
    replay.stateReason = 'Cancel requested.';
    return { ReplayArn: replay.arn, State: replay.state, StateReason: replay.stateReason };
  }

  private get(name: unknown): Replay {
    const replay = typeof name === 'string' ? this.replays.get(name) : undefined;
    if (replay === undefined) throw new ResourceNotFoundError(`Replay ${String(name)} does not exist.`);
    return replay;
  }

  private async run(replay: Replay): Promise<void> {
    const windowMs = this.deps.windowMs ?? 60_000;
    const busName = replay.archive.busName;
    const filter = replay.destination.FilterArns === undefined ? undefined : new Set(replay.destination.FilterArns);
    try {
      if (replay.state === 'STARTING') {
        replay.state = 'RUNNING';
        replay.stateReason = 'Replay is running.';
      }
      const events = replay.archive.between(replay.from, replay.to);
      for (let start = 0; start < events.length; ) {
        // One window: every event archived in the same windowMs slice, delivered in no particular order.
        const windowStart = Math.floor(events[start]!.archivedAt / windowMs);
        let end = start;
        while (end < events.length && Math.floor(events[end]!.archivedAt / windowMs) === windowStart) end += 1;
        for (const entry of shuffle(events.slice(start, end))) {
          if (replay.state === 'CANCELLING') break;
          const event = { ...entry.event, 'replay-name': replay.name } as DeliveredEvent;
          const rules = this.deps.match(busName, event).filter((rule) => filter === undefined || filter.has(rule.arn));
          this.deps.deliver(event, busName, rules);
          replay.replayed += 1;
          replay.lastReplayedAt = entry.archivedAt;
        }
        if (replay.state === 'CANCELLING') break;
        start = end;
        await new Promise((resolve) => setImmediate(resolve));
      }
      replay.endedAt = Date.now();
      if (replay.state === 'CANCELLING') {
        replay.state = 'CANCELLED';
        replay.stateReason = `Cancelled after ${replay.replayed} events.`;
      } else {
        replay.state = 'COMPLETED';
        replay.stateReason = `Replayed ${replay.replayed} events.`;
      }
    } catch (error) {
      replay.endedAt = Date.now();
      replay.state = 'FAILED';
      replay.stateReason = (error as Error).message;
    }
  }
}

/** SDK clients send timestamps as epoch seconds (a number); the CLI may send ISO text. */
function epochMs(value: unknown, parameter: string): number {
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new ValidationError(`Parameter ${parameter} is not valid: ${JSON.stringify(value)} is not a timestamp; give epoch seconds or an ISO 8601 time.`);
  }
  return ms;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
