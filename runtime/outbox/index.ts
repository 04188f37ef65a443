export { writeWithOutbox, DEFAULT_MAX_SEQUENCE_ATTEMPTS, MAX_TRANSACTION_BYTES, MAX_TRANSACTION_ITEMS } from './write-with-outbox';
export type { WriteWithOutboxInput, WriteWithOutboxResult } from './write-with-outbox';
export { DEFAULT_OUTBOX_TTL_SECONDS, toOutboxRow } from './outbox-row';
export type { OutboxEvent } from './outbox-row';
export { publishOutboxStream } from './stream-publisher';
export type { OutboxBatchResult, OutboxStreamPublisherOptions } from './stream-publisher';
export { readOutboxStreamRecord } from './stream-record';
export type { StreamedOutboxEvent } from './stream-record';
export { MAX_ITEM_BYTES, itemSize } from './item-size';
export {
  InvalidOutboxEventError,
  MalformedOutboxRowError,
  OutboxError,
  OutboxLimitError,
  OutboxSequenceConflictError,
  OutboxTransactionCanceledError,
} from './errors';
export type { OutboxCancellation } from './errors';
export { OutboxTable } from './outbox-table';
export type { OutboxRowStore, OutboxTableOptions } from './outbox-table';
export { sweepOutbox, DEFAULT_SWEEP_AFTER_MS, DEFAULT_SWEEP_MAX_ROWS } from './sweep-outbox';
export type { SweepOutboxOptions, SweepResult, SweptRow } from './sweep-outbox';
export {
  CREATED_AT_ATTRIBUTE,
  PARKED_SHARD,
  PENDING_INDEX_NAME,
  PENDING_SHARD_ATTRIBUTE,
  PENDING_SHARDS,
  SEQUENCE_ITEM_SK,
  pendingShardOf,
  pendingShards,
} from './outbox-keys';
export { readOutboxRow } from './stream-record';
export { PublishedSequences } from './published-sequences';
