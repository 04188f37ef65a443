import { FAULT_KIND_OF, validateFaultSpec, type FaultCounts, type FaultKind, type FaultSpec } from './fault-spec';
import { seededRandom, type Random } from './seeded-random';

/** Where an injected crash kills a Lambda worker. */
export type CrashPoint = 'before-handler' | 'during-handler' | 'after-handler';

/** A crash decided for one invocation. */
export interface PlannedCrash {
  readonly point: CrashPoint;
  /** For `during-handler`: ms after the handler starts (if it is still running then; else at its end). */
  readonly delayMs: number;
}

const CRASH_POINTS: readonly CrashPoint[] = ['before-handler', 'during-handler', 'after-handler'];
/** Longest delay of a `during-handler` crash: most handlers here take a few to tens of ms. */
const MAX_CRASH_DELAY_MS = 50;
const DEFAULT_REORDER_DELAY_MS = 1000;
const DEFAULT_PUT_EVENTS_OUTAGE_AFTER = 10;
const DEFAULT_DYNAMODB_OUTAGE_AFTER = 100;

/** An outage that starts after a number of calls and lasts a number of seconds, once. */
class Outage {
  private calls = 0;
  private startedAt?: number;

  constructor(
    private readonly seconds: number | undefined,
    private readonly after: number,
  ) {}

  /** Records a call; true when the call falls inside the outage. */
  refuses(now: number): boolean {
    if (this.seconds === undefined) return false;
    this.calls += 1;
    if (this.startedAt === undefined) {
      if (this.calls <= this.after) return false;
      this.startedAt = now;
    }
    return now < this.startedAt + this.seconds * 1000;
  }
}

/**
 * Decides, reproducibly, where the local runtime misbehaves the way AWS does, and counts what it
 * injected. One instance is shared by the EventBridge endpoint, the Lambda runner and the DynamoDB
 * fault proxy of a run; each fault kind draws from its own seeded stream.
 */
export class FaultInjector {
  readonly spec: FaultSpec;
  private readonly streams = new Map<string, Random>();
  private readonly counted = new Map<FaultKind, number>();
  private readonly probabilities = new Map<FaultKind, number>();
  private readonly putEventsOutage: Outage;
  private readonly dynamodbOutage: Outage;

  constructor(spec: FaultSpec) {
    this.spec = validateFaultSpec(spec);
    for (const [key, kind] of Object.entries(FAULT_KIND_OF) as [keyof FaultSpec, FaultKind][]) {
      if (spec[key] !== undefined && spec[key] !== 0) this.counted.set(kind, 0);
      this.probabilities.set(kind, (spec[key] as number | undefined) ?? 0);
    }
    this.putEventsOutage = new Outage(spec.putEventsOutage, spec.putEventsOutageAfter ?? DEFAULT_PUT_EVENTS_OUTAGE_AFTER);
    this.dynamodbOutage = new Outage(spec.dynamodbOutage, spec.dynamodbOutageAfter ?? DEFAULT_DYNAMODB_OUTAGE_AFTER);
  }

  /** True when the spec asks for DynamoDB faults, i.e. functions must reach DynamoDB through the fault proxy. */
  get affectsDynamoDb(): boolean {
    return (this.spec.dynamodbThrottle ?? 0) > 0 || this.spec.dynamodbOutage !== undefined;
  }

  /** A draw in [0, 1) from the stream named `stream` (for choices that are not counted faults). */
  random(stream: string): number {
    let next = this.streams.get(stream);
    if (next === undefined) this.streams.set(stream, (next = seededRandom(this.spec.seed, stream)));
    return next();
  }

  /** One decision of a probability fault: true (and counted) with the spec's probability. */
  hit(kind: 'reorder' | 'duplicate' | 'throttle' | 'put-events-fail' | 'dynamodb-throttle'): boolean {
    const probability = this.probabilities.get(kind) ?? 0;
    if (probability <= 0) return false;
    if (this.random(kind) >= probability) return false;
    this.count(kind);
    return true;
  }

  /** How long a reordered delivery is held, ms: 10-100 % of `reorderDelayMs`. */
  reorderDelayMs(): number {
    const max = this.spec.reorderDelayMs ?? DEFAULT_REORDER_DELAY_MS;
    return Math.round(max * (0.1 + 0.9 * this.random('reorder-delay')));
  }

  /** Whether (and where) this invocation's worker crashes; counted when it does. */
  crash(): PlannedCrash | undefined {
    const probability = this.spec.crash ?? 0;
    if (probability <= 0 || this.random('crash') >= probability) return undefined;
    this.count('crash');
    const point = CRASH_POINTS[Math.floor(this.random('crash-point') * CRASH_POINTS.length)]!;
    return { point, delayMs: Math.floor(this.random('crash-delay') * MAX_CRASH_DELAY_MS) };
  }

  /** Records a PutEvents call; true (and counted) when the outage refuses it. */
  putEventsRefused(now = Date.now()): boolean {
    if (!this.putEventsOutage.refuses(now)) return false;
    this.count('put-events-outage');
    return true;
  }

  /** Records a function's DynamoDB request; true (and counted) when the outage refuses it. */
  dynamodbRefused(now = Date.now()): boolean {
    if (!this.dynamodbOutage.refuses(now)) return false;
    this.count('dynamodb-outage');
    return true;
  }

  /** Counts per fault kind switched on by the spec (0 until injected), in a fresh object. */
  counts(): FaultCounts {
    return Object.fromEntries(this.counted);
  }

  private count(kind: FaultKind): void {
    this.counted.set(kind, (this.counted.get(kind) ?? 0) + 1);
  }
}
