export { writeWithOutbox, MAX_TRANSACTION_BYTES, MAX_TRANSACTION_ITEMS } from './write-with-outbox';
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
  OutboxTransactionCanceledError,
} from './errors';
export type { OutboxCancellation } from './errors';
