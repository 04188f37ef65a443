import { readJsonPath } from '../eventbridge';
import type { DeliveredEvent, RoutingListener, RuleDefinition } from '../eventbridge/endpoint';

/** One event the endpoint accepted, as the search sees it. */
export interface LoggedEvent {
  readonly id: string;
  readonly eventId?: string;
  readonly correlationId?: string;
  readonly entities: readonly string[];
  readonly source: string;
  readonly detailType: string;
  readonly bus: string;
  readonly time: string;
  readonly detail: unknown;
  /** `<stack>/<logicalId>` of the rules that matched. */
  readonly rules: readonly string[];
}

/** Options of {@link EventLog}. */
export interface EventLogOptions {
  /** JSONPaths of the consumers' ordering keys (`$.detail.data.orderId`): an event's values there are its entities. */
  readonly entityPaths: readonly string[];
  /** Events kept; older ones fall out of search. @default 20000 */
  readonly capacity?: number;
}

/**
 * Remembers the most recent accepted events (a ring), so the search finds every event the endpoint
 * accepted by eventId, EventBridge id, correlation id or entity. Also counts accepted events per bus
 * and matches per rule, the flows of the topology's first edges.
 */
export class EventLog implements RoutingListener {
  private readonly ring: LoggedEvent[] = [];
  private next = 0;
  private readonly capacity: number;
  /** Accepted events per bus since start. */
  readonly acceptedByBus = new Map<string, number>();
  /** Matches per rule (`<stack>/<logicalId>`) since start. */
  readonly matchedByRule = new Map<string, number>();

  constructor(private readonly options: EventLogOptions) {
    this.capacity = options.capacity ?? 20_000;
  }

  onRouted(event: DeliveredEvent, busName: string, rules: readonly RuleDefinition[]): void {
    this.acceptedByBus.set(busName, (this.acceptedByBus.get(busName) ?? 0) + 1);
    for (const rule of rules) this.matchedByRule.set(rule.origin, (this.matchedByRule.get(rule.origin) ?? 0) + 1);
    const detail = event.detail;
    const metadata = (detail !== null && typeof detail === 'object' ? (detail as { metadata?: unknown }).metadata : undefined) as
      | Record<string, unknown>
      | undefined;
    const entities = new Set<string>();
    for (const path of this.options.entityPaths) {
      const value = readJsonPath(event, path);
      if (typeof value === 'string' || typeof value === 'number') entities.add(String(value));
    }
    const entry: LoggedEvent = {
      id: event.id,
      eventId: typeof metadata?.eventId === 'string' ? metadata.eventId : undefined,
      correlationId: typeof metadata?.correlationId === 'string' ? metadata.correlationId : undefined,
      entities: [...entities],
      source: String(event.source),
      detailType: String(event['detail-type']),
      bus: busName,
      time: event.time,
      detail,
      rules: rules.map((rule) => rule.origin),
    };
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Events whose id, eventId, correlation id or an entity equals `query` (exactly), newest first, at most `limit`. */
  find(query: string, limit = 20): LoggedEvent[] {
    const found: LoggedEvent[] = [];
    for (let n = 1; n <= this.ring.length && found.length < limit; n += 1) {
      const entry = this.ring[(this.next - n + this.ring.length) % this.ring.length];
      if (entry.id === query || entry.eventId === query || entry.correlationId === query || entry.entities.includes(query)) found.push(entry);
    }
    return found;
  }
}
