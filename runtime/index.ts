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
  REPROCESS_PREFIX,
  isReprocessReplay,
  replayScopedKey,
} from './envelope/index';
export type { ConsumedEvent, CreateEventInput, EventDetail, EventMetadata, ParseEventOptions, PublishableEvent } from './envelope/index';
export {
  DEFAULT_MAX_ENTRY_BYTES,
  EventTooLargeError,
  EventsRejectedError,
  InvalidPublishOptionError,
  MAX_DELIVERED_EVENT_BYTES,
  MAX_ENTRIES_PER_CALL,
  PublishError,
  PublishFailedError,
  RETRYABLE_ENTRY_CODES,
  assertDeliverableSize,
  deliveredEventSize,
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
  OutboxSequenceConflictError,
  OutboxTable,
  OutboxTransactionCanceledError,
  itemSize,
  publishOutboxStream,
  sweepOutbox,
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
  SweepOutboxOptions,
  SweepResult,
  SweptRow,
  WriteWithOutboxInput,
  WriteWithOutboxResult,
} from './outbox/index';
export { METRICS_NAMESPACE, MetricName, createTelemetry } from './observability/index';
export type { Telemetry, TelemetryOptions } from './observability/index';
// Schema checks with validators compiled at build time (`schema types`); no ajv at run time. The
// registry of an app's own schemas and its compiled readers are generated into the app, not here.
export {
  EventSchemaError,
  EventValidationError,
  InvalidConsumerReadsError,
  InvalidEventVersionError,
  UnknownEventSchemaError,
  UnreadEventTypeError,
  UnsupportedMajorVersionError,
  compareEventVersions,
  createConsumerValidator,
  formatEventVersion,
  parseEventVersion,
} from './schemas/index';
export type { CompiledEventReader, CompiledValidateFunction, ConsumerValidatorOptions, EventVersion, EventVersionIdentity, SchemaViolation } from './schemas/index';
