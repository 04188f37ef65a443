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
  MalformedEventError,
} from './errors';
export { parkUnforwardable } from './park-unforwardable';
export type { Unforwardable } from './park-unforwardable';
