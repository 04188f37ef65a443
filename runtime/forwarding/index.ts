export { forwardBatch } from './forward-batch';
export type { ForwardingLogger, ForwardResult } from './forward-batch';
export { toForwardedMessage } from './forward-message';
export type { ForwardedMessage } from './forward-message';
export { loadForwardingConfig } from './forwarding-config';
export type { ForwardingConfig } from './forwarding-config';
export { parseGroupKeyPath, valueAtPath } from './group-key-path';
export type { GroupKeyPath } from './group-key-path';
export { isValidSqsId, toSqsId } from './sqs-ids';
export {
  ForwardFailedError,
  ForwardingConfigError,
  ForwardingError,
  GroupKeyMissingError,
  InvalidGroupKeyPathError,
} from './errors';
export { MAX_REASON_BYTES, attributeBytes, parkUnforwardable, parkedAttributes, truncateUtf8 } from './park-unforwardable';
export { MAX_BATCH_BYTES, MAX_BATCH_ENTRIES, planRound } from './plan-batches';
export type { Sendable } from './plan-batches';
export type { Unforwardable } from './park-unforwardable';
