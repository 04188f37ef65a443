import type { DeliveredEvent, RuleDefinition } from '../eventbridge/endpoint';
import type { FunctionLogLine } from '../lambda';
import type { RoutedEvent, TraceLog } from '../../ops';

/** An event the endpoint accepted (or replayed), and the rules it matched: the ops layer's routed event, entities always listed. */
export type JournalEvent = RoutedEvent & { readonly entities: readonly string[] };

/** A structured line a function printed about one event (Powertools JSON with an `eventId` key). */
export type JournalLog = TraceLog;

/** How many records the journal keeps of each kind: the newest win; a local run is for inspection, not storage. */
const DEFAULT_CAPACITY = 50_000;

/**
 * What the local runtime saw of each event: the endpoint's routing (PutEvents and replays) and the consumers'
 * structured log lines that name an event, so `event-router trace` can follow an event without AWS.
 */
export class EventJournal {
  private readonly events: JournalEvent[] = [];
  private readonly logs: JournalLog[] = [];
  private readonly rawLogs: { log: FunctionLogLine; consumerOfFunction: (functionName: string) => string | undefined }[] = [];

  constructor(
    private readonly consumerOfRule: (rule: RuleDefinition) => string | undefined,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** Records a routed event (a `RoutingListener.onRouted`). */
  onRouted(event: DeliveredEvent, busName: string, rules: readonly RuleDefinition[]): void {
    const detail = (event.detail ?? {}) as { metadata?: Record<string, unknown>; data?: Record<string, unknown> };
    const metadata = detail.metadata ?? {};
    const data = detail.data !== null && typeof detail.data === 'object' ? detail.data : {};
    push(this.events, this.capacity, {
      eventId: typeof metadata.eventId === 'string' ? metadata.eventId : event.id,
      id: event.id,
      correlationId: typeof metadata.correlationId === 'string' ? metadata.correlationId : undefined,
      source: String(event.source),
      detailType: String(event['detail-type']),
      busName,
      routedAt: new Date().toISOString(),
      replayName: typeof event['replay-name'] === 'string' ? event['replay-name'] : undefined,
      entities: Object.values(data).filter((value) => typeof value === 'string' || typeof value === 'number').map(String),
      ...(typeof metadata.sequence === 'number' ? { sequence: metadata.sequence } : {}),
      rules: rules.map((rule) => ({ name: rule.name, arn: rule.arn, consumer: this.consumerOfRule(rule) })),
      detail: event.detail,
    });
  }

  /**
   * Keeps a function's output line for later. Only a cheap test runs here, on the runtime's hot path (every line
   * every function prints goes through it); the line is parsed when a trace asks for it.
   */
  onLog(log: FunctionLogLine, consumerOfFunction: (functionName: string) => string | undefined): void {
    if (log.stream !== 'stdout' && log.stream !== 'stderr') return;
    if (log.line.charCodeAt(0) !== 123 /* { */ || !log.line.includes('Id"')) return;
    push(this.rawLogs, this.capacity, { log, consumerOfFunction });
  }

  private parseLogs(): JournalLog[] {
    for (const { log, consumerOfFunction } of this.rawLogs.splice(0)) {
      const parsed = parseLogLine(log, consumerOfFunction);
      if (parsed !== undefined) push(this.logs, this.capacity, parsed);
    }
    return this.logs;
  }

  /**
   * The events whose eventId, EventBridge id, correlation id or an entity id in their data equals `query`, and
   * every log line about them (or carrying `query` as its correlation id).
   */
  find(query: string): { events: JournalEvent[]; logs: JournalLog[] } {
    const events = this.events.filter(
      (event) => event.eventId === query || event.id === query || event.correlationId === query || event.entities.includes(query),
    );
    const ids = new Set(events.map((event) => event.eventId));
    const logs = this.parseLogs().filter((log) => (log.eventId !== undefined && (ids.has(log.eventId) || log.eventId === query)) || log.correlationId === query);
    return { events, logs };
  }
}

/** A Powertools JSON line that names an event or a correlation id, as a journal record; undefined for any other line. */
function parseLogLine(log: FunctionLogLine, consumerOfFunction: (functionName: string) => string | undefined): JournalLog | undefined {
  const text = log.line.trim();
  if (text.includes('"_aws"')) return undefined;
  let line: Record<string, unknown>;
  try {
    line = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const eventId = typeof line.eventId === 'string' ? line.eventId : undefined;
  const correlationId = typeof line.correlationId === 'string' ? line.correlationId : undefined;
  if (eventId === undefined && correlationId === undefined) return undefined;
  const error = line.error as { name?: unknown; message?: unknown } | string | null | undefined;
  return {
    functionName: log.functionName,
    consumer: typeof line.consumer === 'string' ? line.consumer : consumerOfFunction(log.functionName),
    eventId,
    correlationId,
    level: typeof line.level === 'string' ? line.level : undefined,
    message: typeof line.message === 'string' ? line.message : text,
    timestamp: typeof line.timestamp === 'string' ? line.timestamp : new Date().toISOString(),
    error:
      typeof error === 'string'
        ? error
        : error === undefined || error === null
          ? typeof line.reason === 'string'
            ? line.reason
            : undefined
          : `${String(error.name)}: ${String(error.message)}`,
  };
}

function push<T>(list: T[], capacity: number, item: T): void {
  list.push(item);
  if (list.length > capacity) list.splice(0, list.length - capacity);
}
