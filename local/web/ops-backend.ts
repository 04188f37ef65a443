/**
 * What the web view needs from the operations layer: the same trace, DLQ peek and redrive the
 * `event-router trace` / `dlq peek` / `dlq redrive` commands run. The page and the JSON API are
 * written against this interface only, so the ops/ implementation can be bound in without
 * touching them (see runtime-ops-backend.ts for the binding used until then).
 */
export interface OpsBackend {
  /** Events whose eventId, EventBridge id, correlation id or entity key equals `query`, newest first, each with every consumer's outcome. */
  trace(query: string): Promise<TraceResult>;
  /** The messages parked in `consumer`'s dead-letter queues, read without consuming them. */
  peek(consumer: string): Promise<ParkedMessage[]>;
  /** Moves the named parked messages back to the queue they failed from; answers what moved and what did not. */
  redrive(consumer: string, messageIds: readonly string[]): Promise<RedriveResult>;
}

/** Answer of {@link OpsBackend.trace}. */
export interface TraceResult {
  readonly query: string;
  readonly events: readonly TracedEvent[];
}

/** One accepted event and where it went. */
export interface TracedEvent {
  /** EventBridge's `id` (what PutEvents answered). */
  readonly id: string;
  /** `detail.metadata.eventId`, the idempotency key, when the event has the envelope. */
  readonly eventId?: string;
  readonly correlationId?: string;
  /** The entity keys the consumers order by (values at their ordering-key paths). */
  readonly entities: readonly string[];
  readonly source: string;
  readonly detailType: string;
  readonly bus: string;
  /** When the endpoint accepted it (ISO). */
  readonly time: string;
  readonly detail: unknown;
  readonly consumers: readonly ConsumerOutcome[];
}

/** Where one event stands for one consumer. */
export interface ConsumerOutcome {
  readonly consumer: string;
  /**
   * `not-routed`: the consumer's rule did not match; `processed`: its dedupe table holds the event's
   * marker; `parked`: the event waits in one of its DLQs; `pending`: routed, neither processed nor parked yet.
   */
  readonly outcome: 'not-routed' | 'processed' | 'parked' | 'pending';
  /** Processing time, or the parked message's reason. */
  readonly note?: string;
}

/** One message waiting in a dead-letter queue. */
export interface ParkedMessage {
  readonly messageId: string;
  /** Name of the DLQ it sits in. */
  readonly queue: string;
  /** Why it is there: `ErrorType: ErrorMessage` (contract 6), EventBridge's `ERROR_CODE`, or the redrive policy. */
  readonly reason: string;
  readonly parkedAt?: string;
  readonly parkedBy?: string;
  readonly eventId?: string;
  readonly receiveCount: number;
  readonly body: string;
}

/** Answer of {@link OpsBackend.redrive}. */
export interface RedriveResult {
  readonly redriven: readonly string[];
  /** Message ids that were not moved, with why (not found any more, send failed). */
  readonly failed: readonly { readonly messageId: string; readonly reason: string }[];
}
