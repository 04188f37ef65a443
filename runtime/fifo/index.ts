export { fifoConsumer } from './consumer';
export type { EventHandler, FifoConsumerOptions, MessageContext } from './consumer';
export { groupRecords, processFifoBatch } from './process-batch';
export type { ProcessFifoBatchOptions, RecordOutcome } from './process-batch';
export { FifoConfigError, FifoError } from './errors';
