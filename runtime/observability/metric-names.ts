/** Metric names of the contract (namespace `EventRouter`, dimension `consumer`). */
export const MetricName = {
  EventsProcessed: 'EventsProcessed',
  DuplicatesSkipped: 'DuplicatesSkipped',
  EventsFailed: 'EventsFailed',
  PublishRetries: 'PublishRetries',
} as const;

export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** The CloudWatch namespace every runtime metric goes to. */
export const METRICS_NAMESPACE = 'EventRouter';
