import { FaultSpecError } from './errors';

/**
 * Which AWS failures the local runtime reproduces, and how often. Probabilities are fractions in
 * [0, 1] of the decisions named; durations are seconds. Every fault is off unless set.
 */
export interface FaultSpec {
  /** Seed of the per-fault PRNGs: the same seed and spec make the same decisions in the same order. */
  readonly seed: number;
  /** Fraction of target deliveries held back so later events overtake them. */
  readonly reorder?: number;
  /** Longest hold of a reordered delivery, ms (each is held 10-100 % of it). @default 1000 */
  readonly reorderDelayMs?: number;
  /** Fraction of target deliveries that happen twice. */
  readonly duplicate?: number;
  /** Fraction of target send attempts that fail with `ThrottlingException` and go through the target's RetryPolicy. */
  readonly throttle?: number;
  /** Fraction of valid PutEvents entries failed with `InternalFailure` or `ThrottlingException` (not accepted). */
  readonly putEventsFail?: number;
  /** Seconds during which every PutEvents call is refused with `ThrottlingException`, once. */
  readonly putEventsOutage?: number;
  /** PutEvents calls answered normally before the outage starts. @default 10 */
  readonly putEventsOutageAfter?: number;
  /** Fraction of Lambda invocations whose worker is killed (before, during or after the handler). */
  readonly crash?: number;
  /** Fraction of functions' DynamoDB requests answered `ProvisionedThroughputExceededException`. */
  readonly dynamodbThrottle?: number;
  /** Seconds during which functions' DynamoDB requests are refused (HTTP 503), once. */
  readonly dynamodbOutage?: number;
  /** Functions' DynamoDB requests answered normally before the outage starts. @default 100 */
  readonly dynamodbOutageAfter?: number;
}

/** A fault that is counted in `GET /status` (`faults.<kind>`). */
export type FaultKind =
  | 'reorder'
  | 'duplicate'
  | 'throttle'
  | 'put-events-fail'
  | 'put-events-outage'
  | 'crash'
  | 'dynamodb-throttle'
  | 'dynamodb-outage';

/** Counts per fault kind since start: decisions that injected the fault (outages: calls refused). */
export type FaultCounts = Partial<Record<FaultKind, number>>;

type ValueKind = 'probability' | 'seconds' | 'count' | 'milliseconds' | 'seed';

/** Spec name -> property and value kind; the order is the order of `--help` and the docs. */
const FIELDS: ReadonlyArray<{ readonly name: string; readonly key: keyof FaultSpec; readonly kind: ValueKind }> = [
  { name: 'seed', key: 'seed', kind: 'seed' },
  { name: 'reorder', key: 'reorder', kind: 'probability' },
  { name: 'reorder-delay-ms', key: 'reorderDelayMs', kind: 'milliseconds' },
  { name: 'duplicate', key: 'duplicate', kind: 'probability' },
  { name: 'throttle', key: 'throttle', kind: 'probability' },
  { name: 'put-events-fail', key: 'putEventsFail', kind: 'probability' },
  { name: 'put-events-outage', key: 'putEventsOutage', kind: 'seconds' },
  { name: 'put-events-outage-after', key: 'putEventsOutageAfter', kind: 'count' },
  { name: 'crash', key: 'crash', kind: 'probability' },
  { name: 'dynamodb-throttle', key: 'dynamodbThrottle', kind: 'probability' },
  { name: 'dynamodb-outage', key: 'dynamodbOutage', kind: 'seconds' },
  { name: 'dynamodb-outage-after', key: 'dynamodbOutageAfter', kind: 'count' },
];

/** The names `--faults` accepts. */
export const FAULT_SPEC_NAMES: readonly string[] = FIELDS.map((field) => field.name);

/** The kind each counted fault is reported under, from the spec property that switches it on. */
export const FAULT_KIND_OF: Readonly<Partial<Record<keyof FaultSpec, FaultKind>>> = {
  reorder: 'reorder',
  duplicate: 'duplicate',
  throttle: 'throttle',
  putEventsFail: 'put-events-fail',
  putEventsOutage: 'put-events-outage',
  crash: 'crash',
  dynamodbThrottle: 'dynamodb-throttle',
  dynamodbOutage: 'dynamodb-outage',
};

const EXAMPLE = 'reorder=0.3,duplicate=0.2,seed=7';
const MAX_SECONDS = 86_400;

/**
 * Parses `--faults`: comma-separated `name=value`, `seed=N` required. Throws {@link FaultSpecError}
 * naming the item, what is wrong and what to write instead.
 */
export function parseFaultSpec(text: string): FaultSpec {
  if (text.trim() === '') throw new FaultSpecError(`--faults is empty; give comma-separated name=value pairs with a seed, e.g. ${EXAMPLE}.`);
  const values: Record<string, number> = {};
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') throw new FaultSpecError(`--faults ${JSON.stringify(text)} has an empty item; separate name=value pairs with single commas, e.g. ${EXAMPLE}.`);
    const at = item.indexOf('=');
    const name = (at < 0 ? item : item.slice(0, at)).trim();
    const field = FIELDS.find((candidate) => candidate.name === name);
    if (field === undefined) {
      throw new FaultSpecError(`--faults: unknown fault ${JSON.stringify(name)}. Known: ${FAULT_SPEC_NAMES.join(', ')}.`);
    }
    if (at < 0 || item.slice(at + 1).trim() === '') {
      throw new FaultSpecError(`--faults: ${name} has no value; write ${name}=${exampleValue(field.kind)}.`);
    }
    if (field.key in values) throw new FaultSpecError(`--faults: ${name} is given twice; give each fault once.`);
    const valueText = item.slice(at + 1).trim();
    // Number('') and Number('0x10') are numbers; only plain decimals are meant here.
    const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(valueText) ? Number(valueText) : Number.NaN;
    values[field.key] = value;
    checkValue(field.name, field.kind, value, valueText);
  }
  return validateFaultSpec(values as unknown as FaultSpec);
}

/**
 * Checks a programmatic spec as `parseFaultSpec` checks text: known properties, values in range,
 * a seed. Returns it unchanged.
 */
export function validateFaultSpec(spec: FaultSpec): FaultSpec {
  if (spec === null || typeof spec !== 'object') throw new FaultSpecError(`faults must be an object such as { seed: 7, reorder: 0.3 }; got ${JSON.stringify(spec)}.`);
  for (const key of Object.keys(spec)) {
    if (!FIELDS.some((field) => field.key === key)) {
      throw new FaultSpecError(`faults: unknown property ${JSON.stringify(key)}. Known: ${FIELDS.map((field) => field.key).join(', ')}.`);
    }
  }
  for (const field of FIELDS) {
    const value = spec[field.key];
    if (value === undefined) continue;
    checkValue(field.name, field.kind, value, JSON.stringify(value));
  }
  if (spec.seed === undefined) {
    throw new FaultSpecError(`--faults needs seed=N (an integer) so the run can be repeated, e.g. ${EXAMPLE}.`);
  }
  return spec;
}

function checkValue(name: string, kind: ValueKind, value: unknown, shown: string): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (kind === 'probability'
      ? value >= 0 && value <= 1
      : kind === 'seconds'
        ? value > 0 && value <= MAX_SECONDS
        : kind === 'milliseconds'
          ? Number.isInteger(value) && value >= 1 && value <= 600_000
          : Number.isSafeInteger(value) && value >= 0);
  if (ok) return;
  const expected = {
    probability: 'a fraction between 0 and 1',
    seconds: `a number of seconds above 0 and at most ${MAX_SECONDS}`,
    milliseconds: 'a whole number of milliseconds from 1 to 600000',
    count: 'a whole number, 0 or more',
    seed: 'a whole number, 0 or more',
  }[kind];
  throw new FaultSpecError(`--faults: ${name} must be ${expected}; got ${shown}. For example ${name}=${exampleValue(kind)}.`);
}

function exampleValue(kind: ValueKind): string {
  return { probability: '0.1', seconds: '5', milliseconds: '1000', count: '10', seed: '7' }[kind];
}

/** The spec as `--faults` text, in the documented order (how `npm start` prints it). */
export function formatFaultSpec(spec: FaultSpec): string {
  return FIELDS.filter((field) => spec[field.key] !== undefined)
    .map((field) => `${field.name}=${spec[field.key]}`)
    .join(',');
}
