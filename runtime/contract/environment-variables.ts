/**
 * Environment variables the constructs (`lib/`) set on the router's functions and the runtime reads:
 * the contract between the two, named once. Keys are the variables' names, so a grep for
 * `CONSUMER_NAME` finds the writers and the readers alike.
 */
export const EnvironmentVariable = {
  /** The consumer's name: dedupe partition, metric dimension, the local runtime's key for its functions. */
  CONSUMER_NAME: 'CONSUMER_NAME',
  /** The consumer's dedupe table (markers, cursors, held events). */
  DEDUPE_TABLE_NAME: 'DEDUPE_TABLE_NAME',
  /** How long a dedupe marker lives, in seconds. */
  DEDUPE_TTL_SECONDS: 'DEDUPE_TTL_SECONDS',
  /** The consumer's own business table, when it has one. */
  STATE_TABLE_NAME: 'STATE_TABLE_NAME',
  /** The consumer FIFO queue; set on the gap sweeper only, which sends released events back to it. */
  CONSUMER_QUEUE_URL: 'CONSUMER_QUEUE_URL',
  /** Where a function parks a message it can never process (the consumer's DLQ, or the forwarder's buffer DLQ). */
  DEAD_LETTER_QUEUE_URL: 'DEAD_LETTER_QUEUE_URL',
  /** Failed attempts of a message's own handler before it is parked. */
  MAX_ATTEMPTS: 'MAX_ATTEMPTS',
  /** `true` when the consumer applies each entity's events in sequence order. */
  ORDERED: 'ORDERED',
  /** How long an ordered consumer waits for a missing sequence, in seconds. */
  GAP_TIMEOUT_SECONDS: 'GAP_TIMEOUT_SECONDS',
  /** What an ordered consumer does once a gap timed out: `wait` or `skip`. */
  ON_GAP: 'ON_GAP',
  /** The forwarder's destination: the consumer FIFO queue. */
  TARGET_QUEUE_URL: 'TARGET_QUEUE_URL',
  /** The forwarder's ordering key path (`$.detail.data.orderId`); unset means one FIFO group per event. */
  GROUP_KEY_PATH: 'GROUP_KEY_PATH',
  /** The transactional outbox table. */
  OUTBOX_TABLE_NAME: 'OUTBOX_TABLE_NAME',
  /** The bus the outbox publisher and sweeper publish to. */
  EVENT_BUS_NAME: 'EVENT_BUS_NAME',
  /** Age in seconds after which the outbox sweeper publishes a row the stream publisher has not. */
  SWEEP_AFTER_SECONDS: 'SWEEP_AFTER_SECONDS',
  /** Powertools' service name (the `service` dimension and log field). */
  POWERTOOLS_SERVICE_NAME: 'POWERTOOLS_SERVICE_NAME',
  /** Powertools' metrics namespace. */
  POWERTOOLS_METRICS_NAMESPACE: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;

export type EnvironmentVariable = (typeof EnvironmentVariable)[keyof typeof EnvironmentVariable];
