export { parseEmfLine } from './emf';
export type { EmfMetric } from './emf';
export { FunctionInvocationError, FunctionStoppedError, FunctionTimeoutError, LambdaRunnerError } from './errors';
export type { LambdaErrorPayload } from './errors';
export { lambdaEnvironment, workerExecArgv } from './function-environment';
export type { LambdaEnvironmentInput, ServiceEndpoints } from './function-environment';
export { LocalFunction } from './local-function';
export type { CrashDecision, FunctionDefinition, InvocationCrash, FunctionLogLine, FunctionObservers, FunctionStats, InvocationRecord } from './local-function';
export { MetricCounters } from './metric-counters';
