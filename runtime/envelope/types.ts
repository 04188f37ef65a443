/** The `metadata` half of the envelope every event of this project carries in its `detail`. */
export interface EventMetadata {
  /** Producer-assigned, sortable (ULID) and stable across retries: the idempotency key. */
  readonly eventId: string;
  /** Dotted name of the fact, e.g. `order.placed`. */
  readonly eventType: string;
  /** Version of the `data` schema, as a string (`"1"`). */
  readonly eventVersion: string;
  /** ISO-8601 UTC instant at which the fact happened. */
  readonly occurredAt: string;
  /** Name of the producing service, e.g. `orders-service`. */
  readonly producer: string;
  /** Request or conversation this event belongs to, carried from event to event. */
  readonly correlationId?: string;
  /** `eventId` of the event that caused this one. */
  readonly causationId?: string;
  /**
   * Position of this event among its entity's events: 1 for the first, +1 per event. Ordered
   * consumers apply an entity's events in this order whatever order they arrive in.
   */
  readonly sequence?: number;
}

/** The EventBridge `detail` of an event in this project's envelope. */
export interface EventDetail<TData = unknown> {
  readonly metadata: EventMetadata;
  readonly data: TData;
}

/** An event ready for PutEvents: EventBridge's fields plus a `detail` (our envelope or any JSON object). */
export interface PublishableEvent<TDetail = unknown> {
  readonly source: string;
  readonly detailType: string;
  /** A JSON object, or its serialization. EventBridge rejects anything else. */
  readonly detail: TDetail | string;
  readonly resources?: readonly string[];
  /** @default the envelope's `occurredAt` when present, else the time PutEvents is called */
  readonly time?: Date;
}

/** A consumed event: EventBridge's fields plus the envelope, when the producer used one. */
export interface ConsumedEvent<TData = unknown> {
  /** EventBridge's own `id`. Changes when a producer retries PutEvents. */
  readonly id: string;
  readonly source: string;
  readonly detailType: string;
  readonly time: string;
  readonly account?: string;
  readonly region?: string;
  readonly resources: readonly string[];
  /** The raw `detail` exactly as delivered. */
  readonly detail: unknown;
  /** The envelope metadata, or `undefined` for events without our envelope (AWS service events, raw PutEvents). */
  readonly metadata: EventMetadata | undefined;
  /** `detail.data` for enveloped events, the whole `detail` otherwise. */
  readonly data: TData;
  /**
   * The key a consumer deduplicates on: `metadata.eventId` for enveloped events,
   * EventBridge's `id` otherwise (stable across redeliveries, but NOT across producer retries).
   */
  readonly idempotencyKey: string;
  /** `'envelope'` when `idempotencyKey` is the producer's eventId, `'eventbridge-id'` for the fallback. */
  readonly idempotencyKeySource: 'envelope' | 'eventbridge-id';
  readonly correlationId: string | undefined;
  /** `detail.metadata.sequence`, when the producer assigned one. */
  readonly sequence?: number;
  /**
   * EventBridge's `replay-name`, set on events an archive replay delivers. A name starting with
   * `reprocess-` makes the consumer apply the event again, once per such replay (see docs/runtime.md).
   */
  readonly replayName?: string;
}
