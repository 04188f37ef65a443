export { dedupe } from './middleware';
export type { DedupeContext, DedupeMiddlewareOptions, DuplicateSkipped } from './middleware';
export { DEFAULT_DEDUPE_TTL_SECONDS, DedupeStore } from './dedupe-store';
export type { DedupeStoreOptions, MarkOutcome, MarkerInfo } from './dedupe-store';
export { resolveDedupeStore } from './config';
export type { DedupeOptions } from './config';
export { isTransactionalResult, transactional } from './transactional';
export type { TransactionalResult } from './transactional';
export {
  DedupeConfigError,
  DedupeError,
  DedupeStoreError,
  TooManyTransactionalWritesError,
  TransactionalWriteError,
} from './errors';
export type { CancellationReason } from './errors';
