export { startLocalRuntime } from './start-local-runtime';
export { LocalRuntimeError, ProvisioningError, ResourceLookupError } from './errors';
export type { LocalQueue } from './provision-queues';
export type { LocalTable } from './provision-tables';
export type {
  EventBridgeContext,
  EventBridgeFactory,
  EventSourceInfo,
  LocalFunctionInfo,
  LocalRuntime,
  RuntimeEvents,
  RuntimeFaults,
  RuntimeStats,
  StartedEventBridge,
  StartLocalRuntimeOptions,
} from './types';
