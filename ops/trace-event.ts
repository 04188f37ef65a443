import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SKIPPED_HASH, type Cursor } from '../runtime/sequencing';
import { peekDlq } from './peek-dlq';
import { cursorStoreOf, sequencingState, type HeldRecord } from './sequencing-records';
import type { ConsumerResources, DlqKind, OpsTarget, QueuedCopy, RoutedEvent, TraceLog } from './types';

/** Where one consumer is with one event. */
export type OutcomeKind = 'applied' | 'skipped' | 'parked' | 'held' | 'queued' | 'failing' | 'pending' | 'not-received';

/** One consumer's outcome for one event. */
export interface ConsumerOutcome {
  readonly consumer: string;
  readonly outcome: OutcomeKind;
  /** When it was applied (the dedupe marker's processedAt), parked, held or last failed. */
  readonly at?: string;
  /** Parked/failing: the error type and message; queued: which queue. */
  readonly reason?: string;
  /** Failed handler attempts logged for it. */
  readonly failedAttempts: number;
  /** Deliveries the consumer's dedupe skipped as duplicates. */
  readonly duplicatesSkipped: number;
  /** Whether the consumer's rule matched it (known locally; undefined on AWS). */
  readonly matched?: boolean;
}

/** One traced event. */
export interface TracedEvent {
  readonly eventId: string;
  readonly detailType?: string;
  readonly source?: string;
  readonly correlationId?: string;
  /** How it entered the bus (locally: when the endpoint accepted it from PutEvents); undefined when unknown (AWS). */
  readonly published?: { readonly via: 'PutEvents'; readonly at: string; readonly busName: string; readonly id: string };
  /** Replays that delivered it again. */
  readonly replays: string[];
  readonly matchedConsumers?: string[];
  readonly consumers: ConsumerOutcome[];
  /** The event's `detail` as it was published; undefined when not recorded (AWS). */
  readonly detail?: unknown;
}

/** An entity's cursor in one ordered consumer's table (shown when the query is an entity id). */
export interface EntityCursor {
  readonly consumer: string;
  readonly entity: string;
  /** Last applied sequence; undefined while none was. */
  readonly applied?: number;
  /** Sequences held behind a gap or a quarantine. */
  readonly held: number[];
  /** The parked sequence quarantining the entity. */
  readonly parkedSequence?: number;
}

/** What {@link traceEvents} found. */
export interface TraceResult {
  readonly query: string;
  readonly events: TracedEvent[];
  /** The query as an entity: its cursor in each ordered consumer that has one. */
  readonly cursors: EntityCursor[];
  /** True when an event is parked or failing, or nothing matched the query: exit 1. */
  readonly problem: boolean;
}

/** Options of {@link traceEvents}. */
export interface TraceOptions {
  /** Look back this far in logs (AWS), ms since the epoch. @default 24 hours ago */
  readonly sinceMs?: number;
  /** On AWS, also read the consumers' DLQs (a read counts as a receive there). @default true */
  readonly readDlqs?: boolean;
}

const DLQ_COPY_KINDS: Record<string, DlqKind> = { deadLetterQueue: 'consumer', bufferDeadLetterQueue: 'buffer', targetDeadLetterQueue: 'target' };

/**
 * Follows the events an eventId, correlation id or entity id names through every consumer: published (locally: the
 * endpoint's record of PutEvents and replays), the rules it matched, and per consumer applied (with the dedupe
 * marker's time), parked (with the DLQ's reason attributes), held, still queued, failing or pending.
 */
export async function traceEvents(target: OpsTarget, query: string, options: TraceOptions = {}): Promise<TraceResult> {
  const consumers = await target.consumers();
  const since = options.sinceMs ?? Date.now() - 86_400_000;
  const records = await target.traceRecords(query, consumers, since);
  // The resequencer's own records: held events in each consumer's table, and the cursors of the entities involved.
  const sequencing = new Map(await Promise.all(consumers.map(async (c) => [c.name, (await sequencingState(target, c)).held] as const)));
  const cursors = new CursorCache(target, consumers);
  const entityCursors: EntityCursor[] = [];
  for (const consumer of consumers) {
    const cursor = await cursors.get(consumer.name, query);
    if (cursor?.exists === true) {
      entityCursors.push({ consumer: consumer.name, entity: query, applied: cursor.applied, held: [...cursor.held].sort((a, b) => a - b), parkedSequence: cursor.parkedSequence });
    }
  }
  const heldMatching = [...sequencing.values()].flat().filter((held) => held.eventId === query || held.entity === query);
  const eventIds = new Set<string>([
    ...heldMatching.map((held) => held.eventId),
    ...records.events.map((event) => event.eventId),
    ...records.logs.flatMap((log) => (log.eventId === undefined ? [] : [log.eventId])),
    ...(records.queued ?? []).map((copy) => copy.eventId),
  ]);
  // The query may be an eventId nothing recorded in memory (AWS, or a restarted runtime): the markers still know.
  if (eventIds.size === 0) eventIds.add(query);
  let dlqCopies: QueuedCopy[] = [];
  if (target.kind === 'aws' && options.readDlqs !== false) dlqCopies = await awsDlqCopies(target, consumers, eventIds);

  const events: TracedEvent[] = [];
  for (const eventId of eventIds) {
    const routed = records.events.filter((event) => event.eventId === eventId);
    const logs = records.logs.filter((log) => log.eventId === eventId);
    const copies = [...(records.queued ?? []), ...dlqCopies].filter((copy) => copy.eventId === eventId);
    const outcomes = await Promise.all(
      consumers.map((consumer) => outcomeOf(target, consumer, eventId, routed, logs, copies, sequencing.get(consumer.name) ?? [], cursors, query)),
    );
    const relevant = outcomes.filter((outcome) => outcome.outcome !== 'not-received' || outcome.matched === true);
    if (relevant.length === 0 && routed.length === 0) continue;
    const original = routed.find((event) => event.replayName === undefined) ?? routed[0];
    events.push({
      eventId,
      detailType: original?.detailType,
      source: original?.source,
      correlationId: original?.correlationId ?? logs.find((log) => log.correlationId !== undefined)?.correlationId,
      published: original === undefined || original.replayName !== undefined ? undefined : { via: 'PutEvents', at: original.routedAt, busName: original.busName, id: original.id },
      replays: routed.flatMap((event) => (event.replayName === undefined ? [] : [event.replayName])),
      matchedConsumers: target.kind === 'local' ? matchedBy(routed) : undefined,
      consumers: relevant,
      detail: original?.detail,
    });
  }
  const problem = events.length === 0 || events.some((event) => event.consumers.some((c) => c.outcome === 'parked' || c.outcome === 'failing'));
  return { query, events, cursors: entityCursors, problem };
}

function matchedBy(routed: readonly RoutedEvent[]): string[] {
  return [...new Set(routed.filter((event) => event.replayName === undefined).flatMap((event) => event.rules.flatMap((rule) => (rule.consumer === undefined ? [] : [rule.consumer]))))].sort();
}

async function outcomeOf(
  target: OpsTarget,
  consumer: ConsumerResources,
  eventId: string,
  routed: readonly RoutedEvent[],
  allLogs: readonly TraceLog[],
  allCopies: readonly QueuedCopy[],
  heldRecords: readonly HeldRecord[],
  cursors: CursorCache,
  query: string,
): Promise<ConsumerOutcome> {
  const logs = allLogs.filter((log) => log.consumer === consumer.name);
  const copies = allCopies.filter((copy) => copy.consumer === consumer.name);
  const matched = target.kind === 'local' ? routed.some((event) => event.rules.some((rule) => rule.consumer === consumer.name)) : undefined;
  const failures = logs.filter((log) => log.level === 'ERROR');
  const base = {
    consumer: consumer.name,
    failedAttempts: failures.length,
    duplicatesSkipped: logs.filter((log) => /duplicate/i.test(log.message)).length,
    ...(matched === undefined ? {} : { matched }),
  };
  const marker = consumer.dedupeTable === undefined ? undefined : await markerOf(target, consumer.dedupeTable, `${consumer.name}#${eventId}`);
  if (marker !== undefined) return { ...base, outcome: 'applied', at: marker };
  // A sequenced event of an ordered consumer has no marker: its entity's cursor says whether it was applied.
  const parked = copies.find((copy) => copy.queue in DLQ_COPY_KINDS);
  const sequence = routed.find((event) => event.sequence !== undefined)?.sequence ?? numberOf(parked?.attributes.Sequence);
  if (sequence !== undefined) {
    const candidates = new Set([parked?.attributes.Entity, ...copies.map((copy) => copy.groupId), query, ...routed.flatMap((event) => event.entities ?? [])]);
    for (const entity of candidates) {
      if (entity === undefined) continue;
      const cursor = await cursors.get(consumer.name, entity);
      if (cursor?.applied === undefined || cursor.applied < sequence) continue;
      return cursor.hashes.get(sequence) === SKIPPED_HASH
        ? { ...base, outcome: 'skipped', reason: `sequence ${sequence} of ${entity} was given up (gap skip, dlq skip or a new entity's start): never applied` }
        : { ...base, outcome: 'applied', reason: `sequence ${sequence} of ${entity}: its cursor is at ${cursor.applied}` };
    }
  }
  if (parked !== undefined) {
    const type = parked.attributes.ErrorType ?? parked.attributes.ERROR_CODE;
    const message = parked.attributes.ErrorMessage ?? parked.attributes.ERROR_MESSAGE ?? failures.at(-1)?.error;
    const entity = parked.attributes.Entity;
    const cursor = entity === undefined ? undefined : await cursors.get(consumer.name, entity);
    const quarantine =
      cursor?.parkedEventId === eventId ? `; entity ${entity} is quarantined behind it with ${cursor.held.size} event(s) held (dlq redrive or dlq skip releases it)` : '';
    return {
      ...base,
      outcome: 'parked',
      at: parked.attributes.ParkedAt ?? new Date(parked.sentTimestamp).toISOString(),
      reason: `${DLQ_COPY_KINDS[parked.queue]} DLQ${type === undefined ? '' : `: ${type}`}${message === undefined ? '' : `: ${message}`}${quarantine}`,
    };
  }
  const held = heldRecords.find((record) => record.eventId === eventId);
  if (held !== undefined) {
    const waiting =
      held.parkedSequence !== undefined
        ? `quarantined behind parked sequence ${held.parkedSequence}`
        : `waiting for sequence ${(held.applied ?? 0) + 1}${held.applied === undefined ? ' (new entity: nothing applied yet)' : ` (applied up to ${held.applied})`}`;
    return { ...base, outcome: 'held', at: held.heldAt, reason: `sequence ${held.sequence} of ${held.entity} is held in the consumer's table, ${waiting}` };
  }
  const queued = copies[0];
  if (queued !== undefined) {
    return { ...base, outcome: 'queued', reason: `${queued.queue === 'bufferQueue' ? 'buffer queue' : 'consumer queue'} (${queued.state}, received ${queued.receiveCount} time(s))` };
  }
  if (failures.length > 0) return { ...base, outcome: 'failing', at: failures.at(-1)!.timestamp, reason: failures.at(-1)!.error ?? failures.at(-1)!.message };
  if (matched === false) return { ...base, outcome: 'not-received' };
  // Locally a matched event in no queue and not applied is between hops. On AWS queues cannot be searched without
  // receiving: a consumer that logged about it is pending; one with no trace of it is left out (its rule may not match).
  return { ...base, outcome: target.kind === 'local' || logs.length > 0 ? 'pending' : 'not-received' };
}

async function markerOf(target: OpsTarget, table: string, pk: string): Promise<string | undefined> {
  const out = await target.dynamodb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }));
  if (out.Item === undefined) return undefined;
  return out.Item.processedAt?.S ?? 'unknown time';
}

async function awsDlqCopies(target: OpsTarget, consumers: readonly ConsumerResources[], eventIds: ReadonlySet<string>): Promise<QueuedCopy[]> {
  const copies: QueuedCopy[] = [];
  for (const consumer of consumers) {
    for (const [kind, queue] of [['deadLetterQueue', 'consumer'], ['bufferDeadLetterQueue', 'buffer'], ['targetDeadLetterQueue', 'target']] as const) {
      if (consumer[kind] === undefined) continue;
      const peek = await peekDlq(target, consumer.name, { queue, limit: 100, filter: (m) => m.eventId !== undefined && eventIds.has(m.eventId) });
      for (const m of peek.messages) {
        copies.push({
          consumer: consumer.name,
          queue: kind,
          eventId: m.eventId!,
          messageId: m.messageId,
          state: 'visible',
          receiveCount: m.receiveCount,
          groupId: m.entity,
          sentTimestamp: Date.parse(m.sentAt),
          attributes: m.attributes,
        });
      }
    }
  }
  return copies;
}

function numberOf(text: string | undefined): number | undefined {
  const n = Number(text);
  return text === undefined || !Number.isInteger(n) ? undefined : n;
}

/** Cursors read once per trace, per consumer and entity (consumers without a dedupe table have none). */
class CursorCache {
  readonly #cache = new Map<string, Promise<Cursor | undefined>>();
  readonly #target: OpsTarget;
  readonly #consumers: Map<string, ConsumerResources>;

  constructor(target: OpsTarget, consumers: readonly ConsumerResources[]) {
    this.#target = target;
    this.#consumers = new Map(consumers.map((c) => [c.name, c]));
  }

  get(consumer: string, entity: string): Promise<Cursor | undefined> {
    const key = `${consumer}\u0000${entity}`;
    let cursor = this.#cache.get(key);
    if (cursor === undefined) {
      const store = cursorStoreOf(this.#target, this.#consumers.get(consumer)!);
      cursor = store === undefined ? Promise.resolve(undefined) : store.readCursor(entity);
      this.#cache.set(key, cursor);
    }
    return cursor;
  }
}
