/** The runtime library: envelope, publisher, dedupe, ordered FIFO consumers, outbox, telemetry (see docs/runtime.md). */
export {
  EnvelopeError,
  EventRejectedByValidatorError,
  InvalidEventInputError,
  MalformedEventError,
  createEvent,
  newEventId,
  parseEventBridgeEvent,
  isSequence,
  parseSqsMessageBody,
  validateConsumedEvent,
} from './envelope/index';
export type { ConsumedEvent, CreateEventInput, EventDetail, EventMetadata, ParseEventOptions, PublishableEvent } from './envelope/index';
export {
  DEFAULT_MAX_ENTRY_BYTES,
  EventsRejectedError,
  MAX_ENTRIES_PER_CALL,
  PublishError,
  PublishFailedError,
  RETRYABLE_ENTRY_CODES,
  entrySize,
  getDefaultEventValidator,
  publish,
  setDefaultEventValidator,
} from './publisher/index';
export type {
  EventValidator,
  FailedEvent,
  PublishOptions,
  PublishOutcome,
  PublishedEvent,
  PutEventsSender,
  RejectedEvent,
  ValidatableEvent,
} from './publisher/index';
export {
  DEFAULT_DEDUPE_TTL_SECONDS,
  DedupeConfigError,
  DedupeError,
  DedupeStore,
  DedupeStoreError,
  TooManyTransactionalWritesError,
  TransactionalWriteError,
  dedupe,
  isTransactionalResult,
  resolveDedupeStore,
  transactional,
} from './dedupe/index';
export type {
  CancellationReason,
  DedupeContext,
  DedupeMiddlewareOptions,
  DedupeOptions,
  DedupeStoreOptions,
  DuplicateSkipped,
  MarkOutcome,
  MarkerInfo,
  TransactionalResult,
} from './dedupe/index';
export {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_SAFETY_MARGIN_MS,
  FifoConfigError,
  FifoError,
  PermanentError,
  TimeBudgetExhaustedError,
  fifoConsumer,
  groupRecords,
  parkMessage,
  processFifoBatch,
} from './fifo/index';
export type { EventHandler, FifoConsumerOptions, MessageContext, ParkDetails, ProcessFifoBatchOptions, RecordOutcome } from './fifo/index';
export {
  ContentConflictError,
  CursorStore,
  DEFAULT_GAP_TIMEOUT_SECONDS,
  GAPS_INDEX_NAME,
  NotParkedError,
  SequencingConfigError,
  SequencingError,
  SequencingStoreError,
  createGapSweeperHandler,
  readSequencingSettings,
  skipParkedSequence,
  sweepGaps,
} from './sequencing/index';
export type { Cursor, HeldEvent, OnGap, SequencingSettings, SkipParkedOptions, SkipParkedResult, SweepGapsOptions, SweepSummary } from './sequencing/index';
export {
  DEFAULT_OUTBOX_TTL_SECONDS,
  InvalidOutboxEventError,
  MAX_ITEM_BYTES,
  MAX_TRANSACTION_BYTES,
  MAX_TRANSACTION_ITEMS,
  MalformedOutboxRowError,
  OutboxError,
  OutboxLimitError,
  OutboxTransactionCanceledError,
  itemSize,
  publishOutboxStream,
  readOutboxStreamRecord,
  toOutboxRow,
  writeWithOutbox,
} from './outbox/index';
export type {
  OutboxBatchResult,
  OutboxCancellation,
  OutboxEvent,
  OutboxStreamPublisherOptions,
  StreamedOutboxEvent,
  WriteWithOutboxInput,
  WriteWithOutboxResult,
} from './outbox/index';
export { METRICS_NAMESPACE, MetricName, createTelemetry } from './observability/index';
export type { Telemetry, TelemetryOptions } from './observability/index';
