import { randomUUID } from 'node:crypto';
// The publisher and the local endpoint must agree on AWS's size formula: one implementation.
import { DEFAULT_MAX_ENTRY_BYTES as MAX_ENTRY_SIZE_BYTES, entrySize } from '../../runtime/publisher/index';
import { EventBridgeEngineError, PutEventsValidationError } from './errors';
import { MAX_JSON_NESTING_DEPTH, jsonTextDepth } from './json-depth';
import { constraintViolation, requireWireType, validationErrors } from './wire-shapes';

/** One PutEvents entry as it arrives (AWS JSON 1.1 body or SDK input). */
export interface PutEventsEntryInput {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly Resources?: readonly string[];
  readonly EventBusName?: string;
  /** Epoch seconds on the wire, a Date from SDK input, or an ISO string. */
  readonly Time?: number | string | Date;
  readonly TraceHeader?: string;
}

/** The PutEvents request: 1 to 10 entries. */
export interface PutEventsRequestInput {
  readonly Entries?: readonly PutEventsEntryInput[];
  readonly EndpointId?: string;
}

/** The event as EventBridge delivers it to targets. */
export interface DeliveredEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  /** ISO 8601 in UTC with second precision, e.g. `2026-11-23T10:30:42Z`. */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

/** One entry of the PutEvents response, in the order of the request's entries. */
export type PutEventsResultEntry =
  | { readonly EventId: string }
  | { readonly ErrorCode: string; readonly ErrorMessage: string };

/** Options of `validatePutEvents`. */
export interface PutEventsOptions {
  /** Limit on the summed entry sizes. @default 1048576 (1 MiB; AWS's limit was 262144 before 2026-01-29) */
  readonly maxEntrySizeBytes?: number;
  /** @default '000000000000' */
  readonly account?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** Clock for entries without Time. @default () => new Date() */
  readonly now?: () => Date;
  /** Event id generator. @default crypto.randomUUID */
  readonly newId?: () => string;
}

/** What AWS answers, and the events it accepted (to route), each with its request position and bus. */
export interface PutEventsResult {
  readonly response: { readonly FailedEntryCount: number; readonly Entries: readonly PutEventsResultEntry[] };
  readonly accepted: readonly { readonly index: number; readonly eventBusName: string; readonly event: DeliveredEvent }[];
}

const MAX_ENTRIES = 10;

const isMissing = (value: unknown): boolean => value === undefined || value === null || value === '';

/**
 * Validates a PutEvents request exactly as EventBridge does. Whole-call problems (no entries, more
 * than 10, total size over the limit) throw `PutEventsValidationError` (ValidationException with
 * AWS's message); per-entry problems come back in `response.Entries` (HTTP 200) with
 * `FailedEntryCount`, and every other entry is accepted with its delivered envelope.
 */
export function validatePutEvents(request: PutEventsRequestInput, options: PutEventsOptions = {}): PutEventsResult {
  const entries = request.Entries;
  if (entries === undefined || entries === null) {
    throw new PutEventsValidationError(
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
  }
  requireWireType(entries, 'list', 'Entries');
  checkEntryShapes(entries as readonly unknown[]);
  if (entries.length < 1 || entries.length > MAX_ENTRIES) {
    const constraint =
      entries.length < 1
        ? 'Member must have length greater than or equal to 1'
        : `Member must have length less than or equal to ${MAX_ENTRIES}`;
    throw new PutEventsValidationError(
      `1 validation error detected: Value '[${entries.map(describeEntry).join(', ')}]' at 'entries' failed to satisfy constraint: ${constraint}`,
    );
  }
  checkBusNames(entries);
  const limit = options.maxEntrySizeBytes ?? MAX_ENTRY_SIZE_BYTES;
  const total = entries.reduce((sum, e) => sum + entrySize(e), 0);
  if (total > limit) {
    throw new PutEventsValidationError('Total size of the entries in the request is over the limit.');
  }

  entries.forEach((entry, index) => {
    if (entry.Time !== undefined && entry.Time !== null && entryTime(entry.Time) === undefined) {
      // On the wire Time is a number; AWS refuses a body it cannot read as a whole.
      throw new EventBridgeEngineError(
        'SerializationException',
        `Entries[${index}].Time ${JSON.stringify(entry.Time)} is not a timestamp: give epoch seconds, a Date or an ISO 8601 string.`,
      );
    }
  });
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const resultEntries: PutEventsResultEntry[] = [];
  const accepted: { index: number; eventBusName: string; event: DeliveredEvent }[] = [];
  const account = options.account ?? '000000000000';
  const region = options.region ?? 'us-east-1';
  entries.forEach((entry, index) => {
    const failure = entryFailure(entry) ?? busFailure(entry.EventBusName, account);
    if (failure !== undefined) {
      resultEntries.push(failure);
      return;
    }
    const id = newId();
    const event: DeliveredEvent = {
      version: '0',
      id,
      'detail-type': entry.DetailType as string,
      source: entry.Source as string,
      account,
      time: secondPrecision(entryTime(entry.Time) ?? now()),
      region,
      resources: Array.isArray(entry.Resources) ? [...entry.Resources] : [],
      detail: JSON.parse(entry.Detail as string) as Record<string, unknown>,
    };
    resultEntries.push({ EventId: id });
    accepted.push({ index, eventBusName: localBusName(entry.EventBusName, region), event });
  });
  return {
    response: { FailedEntryCount: entries.length - accepted.length, Entries: resultEntries },
    accepted,
  };
}

function entryFailure(entry: PutEventsEntryInput): PutEventsResultEntry | undefined {
  const required = (field: 'Source' | 'DetailType' | 'Detail') => ({
    ErrorCode: 'InvalidArgument',
    ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
  });
  if (isMissing(entry.Source)) return required('Source');
  if (isMissing(entry.DetailType)) return required('DetailType');
  if (isMissing(entry.Detail)) return required('Detail');
  if (!isJsonObjectText(entry.Detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  // Matching and delivery walk the detail; past Jackson's depth limit it is refused, not crashed on.
  const depth = jsonTextDepth(entry.Detail as string, MAX_JSON_NESTING_DEPTH);
  if (depth > MAX_JSON_NESTING_DEPTH) {
    return {
      ErrorCode: 'MalformedDetail',
      ErrorMessage:
        `Detail is malformed. It nests objects or arrays more than ${MAX_JSON_NESTING_DEPTH} levels deep, ` +
        `past the JSON nesting limit (${MAX_JSON_NESTING_DEPTH}) of the parser EventBridge reads details with: flatten the detail.`,
    };
  }
  // Only AWS services may publish events whose source starts with "aws.".
  if (String(entry.Source).startsWith('aws.')) {
    return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  }
  return undefined;
}

function isJsonObjectText(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

const STRING_MEMBERS = ['Source', 'DetailType', 'Detail', 'EventBusName', 'TraceHeader'] as const;

/** Each entry an object, each member of its wire type: AWS refuses the whole call otherwise. */
function checkEntryShapes(entries: readonly unknown[]): void {
  entries.forEach((entry, index) => {
    requireWireType(entry, 'structure', `Entries[${index}]`);
    const e = (entry ?? {}) as Record<string, unknown>;
    for (const member of STRING_MEMBERS) requireWireType(e[member], 'string', `Entries[${index}].${member}`);
    requireWireType(e.Resources, 'list', `Entries[${index}].Resources`);
    if (Array.isArray(e.Resources)) e.Resources.forEach((r, i) => requireWireType(r, 'string', `Entries[${index}].Resources[${i}]`));
  });
}

/** EventBridge's constraint on `EventBusName` (model shape NonPartnerEventBusNameOrArn). */
const BUS_NAME_OR_ARN = /^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[.\-_A-Za-z0-9]+$/;
const BUS_NAME_PATTERN_TEXT = '(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\\.\\-_A-Za-z0-9]+';

/**
 * An empty or malformed `EventBusName` fails the whole call (ValidationException) as AWS's model
 * constraints make it fail, instead of quietly meaning the `default` bus.
 */
function checkBusNames(entries: readonly PutEventsEntryInput[]): void {
  const violations: string[] = [];
  entries.forEach((entry, index) => {
    const name = entry.EventBusName;
    if (name === undefined || name === null) return;
    const at = `entries.${index + 1}.member.eventBusName`;
    if (!BUS_NAME_OR_ARN.test(name)) {
      violations.push(constraintViolation(name, at, `Member must satisfy regular expression pattern: ${BUS_NAME_PATTERN_TEXT}`));
    }
    if (name.length < 1) violations.push(constraintViolation(name, at, 'Member must have length greater than or equal to 1'));
    if (name.length > 1600) violations.push(constraintViolation(name, at, 'Member must have length less than or equal to 1600'));
  });
  if (violations.length > 0) {
    throw new PutEventsValidationError(
      `${validationErrors(violations)}. Give EventBusName a bus name (e.g. event-router) or its ARN, or leave it out for the default bus.`,
    );
  }
}

/**
 * A bus ARN of another account: without that bus's resource policy admitting this account, AWS
 * fails the entry with AccessDeniedException (nothing can grant it locally: there is one account).
 */
function busFailure(eventBusName: string | undefined, account: string): PutEventsResultEntry | undefined {
  const arn = /^arn:[^:]+:events:[^:]*:([^:]*):event-bus\/(.+)$/.exec(eventBusName ?? '');
  if (arn === null || arn[1] === account) return undefined;
  return {
    ErrorCode: 'AccessDeniedException',
    ErrorMessage:
      `User: arn:aws:iam::${account}:root is not authorized to perform: events:PutEvents on resource: ${eventBusName} ` +
      `because no resource-based policy allows the events:PutEvents action. The local runtime is account ${account}: ` +
      `publish to a bus of that account, e.g. by name.`,
  };
}

/** The bus an entry lands on here: a bus ARN of another region names no local bus, so it stays a whole ARN. */
function localBusName(eventBusName: string | undefined, region: string): string {
  const arn = /^arn:[^:]+:events:([^:]*):[^:]*:event-bus\/.+$/.exec(eventBusName ?? '');
  return arn !== null && arn[1] !== region ? (eventBusName as string) : busName(eventBusName);
}

/** The bus an entry names (a name or an ARN), `default` when none. */
export function busName(eventBusName: string | undefined): string {
  if (isMissing(eventBusName)) return 'default';
  const arn = /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(eventBusName as string);
  return arn === null ? (eventBusName as string) : (arn[1] as string);
}

function entryTime(time: PutEventsEntryInput['Time']): Date | undefined {
  if (time === undefined || time === null) return undefined;
  if (time instanceof Date) return Number.isNaN(time.getTime()) ? undefined : time;
  // The AWS JSON protocol sends timestamps as epoch seconds.
  const seconds = typeof time === 'number' ? time : /^\d+(\.\d+)?$/.test(time) ? Number(time) : undefined;
  if (seconds !== undefined) return new Date(seconds * 1000);
  const str = String(time);
  // SDKs parse friendlier forms client-side (boto reads 01-01-2022 month first); accept them too.
  const monthFirst = /^(\d{1,2})-(\d{1,2})-(\d{4})(.*)$/.exec(str);
  const text = monthFirst === null ? str : `${monthFirst[3]}-${monthFirst[1]?.padStart(2, '0')}-${monthFirst[2]?.padStart(2, '0')}${monthFirst[4]}`;
  const date = new Date(text.replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2026-11-23T10:30:42Z`: EventBridge's envelope time has no fraction. */
export function secondPrecision(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const JAVA_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const JAVA_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** How AWS prints an entry in the entry-count error (the Java SDK model's toString). */
function describeEntry(entry: PutEventsEntryInput): string {
  const text = (v: unknown): string => (v === undefined || v === null ? 'null' : String(v));
  const time = entryTime(entry.Time);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const javaDate =
    time === undefined
      ? 'null'
      : `${JAVA_DAYS[time.getUTCDay()]} ${JAVA_MONTHS[time.getUTCMonth()]} ${pad(time.getUTCDate())} ` +
        `${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())} UTC ${time.getUTCFullYear()}`;
  const resources = Array.isArray(entry.Resources) ? `[${entry.Resources.join(', ')}]` : 'null';
  return (
    `PutEventsRequestEntry(time=${javaDate}, source=${text(entry.Source)}, resources=${resources}, ` +
    `detailType=${text(entry.DetailType)}, detail=${text(entry.Detail)}, eventBusName=${text(entry.EventBusName)}, ` +
    `traceHeader=${text(entry.TraceHeader)}, kmsKeyIdentifier=null, internalMetadata=null)`
  );
}
