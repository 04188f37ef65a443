import { functionCodeOf, type ResolvedResource } from '../template';
import { lambdaEnvironment, LocalFunction, workerExecArgv, type CrashDecision, type FunctionObservers, type ServiceEndpoints } from '../lambda';
import type { LocalFunctionInfo } from './types';
import { EnvironmentVariable } from '../../runtime/contract';

/** Inputs of {@link createFunctions}. */
export interface CreateFunctionsInput {
  readonly resources: readonly ResolvedResource[];
  readonly region: string;
  readonly endpoints: ServiceEndpoints;
  /** Pool size when the template sets no `ReservedConcurrentExecutions`. */
  readonly defaultConcurrency: number;
  readonly observers: FunctionObservers;
  /** Decides per invocation whether its worker crashes (`--faults crash`). @default - never */
  readonly crashes?: CrashDecision;
}

/**
 * Prepares every `AWS::Lambda::Function` to run its bundled asset: finds the code (failing early when an asset is
 * missing), builds the environment and applies Timeout, MemorySize and reserved concurrency. Workers start lazily.
 */
export function createFunctions(input: CreateFunctionsInput): LocalFunctionInfo[] {
  return input.resources
    .filter((r) => r.type === 'AWS::Lambda::Function')
    .map((resource) => {
      const props = resource.properties;
      const code = functionCodeOf(resource);
      const variables = ((props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
      const consumerName = variables[EnvironmentVariable.CONSUMER_NAME];
      const memoryMb = Number(props.MemorySize ?? 128);
      const reserved = props.ReservedConcurrentExecutions === undefined ? undefined : Number(props.ReservedConcurrentExecutions);
      const name = resource.physicalId;
      const fn = new LocalFunction(
        {
          name,
          arn: resource.attributes.Arn,
          modulePath: code.modulePath,
          exportName: code.exportName,
          environment: lambdaEnvironment({
            functionName: name,
            variables,
            region: input.region,
            endpoints: input.endpoints,
            memoryMb,
            handler: String(props.Handler ?? 'index.handler'),
            runtime: String(props.Runtime ?? 'nodejs22.x'),
            taskRoot: code.modulePath.slice(0, code.modulePath.lastIndexOf('/')),
          }),
          timeoutSeconds: Number(props.Timeout ?? 3),
          memoryMb,
          maxConcurrency: Math.max(1, Math.min(reserved ?? input.defaultConcurrency, input.defaultConcurrency)),
          execArgv: workerExecArgv(variables.NODE_OPTIONS),
          crashes: input.crashes,
        },
        input.observers,
      );
      return {
        stackName: resource.stackName,
        logicalId: resource.logicalId,
        name,
        arn: resource.attributes.Arn,
        // An ordered consumer's gap sweeper shares the consumer's environment (CONSUMER_NAME included) and is
        // the only one with CONSUMER_QUEUE_URL: the consumer's name must keep naming its consumer function.
        consumerName: typeof consumerName === 'string' && variables[EnvironmentVariable.CONSUMER_QUEUE_URL] === undefined ? consumerName : undefined,
        fn,
      };
    });
}
