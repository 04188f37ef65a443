/** Metric names of the contract (namespace `EventRouter`, dimension `consumer`). */
export const MetricName = {
  EventsProcessed: 'EventsProcessed',
  DuplicatesSkipped: 'DuplicatesSkipped',
  EventsFailed: 'EventsFailed',
  PublishRetries: 'PublishRetries',
  /** Events parked in the consumer's DLQ at once (permanent failure), with the reason in message attributes. */
  EventsParked: 'EventsParked',
  /** Events that arrived ahead of their entity's next sequence and were stored to wait for the gap to fill. */
  EventsHeld: 'EventsHeld',
  /** Held events applied once the gap before them filled. */
  HeldEventsApplied: 'HeldEventsApplied',
  /** Gaps found open longer than the consumer's gapTimeout (emitted by the gap sweeper). */
  GapsTimedOut: 'GapsTimedOut',
  /** Missing sequence numbers given up on under `onGap: 'skip'`. */
  SequencesSkipped: 'SequencesSkipped',
  /** Events currently held across all entities (emitted by the gap sweeper on each run). */
  HeldEvents: 'HeldEvents',
} as const;

export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** The CloudWatch namespace every runtime metric goes to. */
export const METRICS_NAMESPACE = 'EventRouter';
