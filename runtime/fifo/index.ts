export { DEFAULT_MAX_ATTEMPTS, DEFAULT_SAFETY_MARGIN_MS, fifoConsumer } from './consumer';
export type { EventHandler, FifoConsumerOptions, MessageContext } from './consumer';
export { groupRecords, processFifoBatch } from './process-batch';
export type { ProcessFifoBatchOptions, RecordOutcome } from './process-batch';
export { parkMessage } from './park-message';
export type { ParkDetails } from './park-message';
export { FifoConfigError, FifoError, PermanentError, SkippedSequenceArrivedError, TimeBudgetExhaustedError } from './errors';
