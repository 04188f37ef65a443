export { FaultError, FaultSpecError } from './errors';
export { FAULT_KIND_OF, FAULT_SPEC_NAMES, formatFaultSpec, parseFaultSpec, validateFaultSpec } from './fault-spec';
export type { FaultCounts, FaultKind, FaultSpec } from './fault-spec';
export { FaultInjector } from './fault-injector';
export type { CrashPoint, PlannedCrash } from './fault-injector';
export { startDynamoDbFaultProxy } from './dynamodb-fault-proxy';
export type { DynamoDbFaultProxy, DynamoDbFaultProxyOptions } from './dynamodb-fault-proxy';
export { seededRandom } from './seeded-random';
export type { Random } from './seeded-random';
