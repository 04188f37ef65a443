/** The local endpoints a function's AWS SDK clients are pointed at. */
export interface ServiceEndpoints {
  readonly dynamodb?: string;
  readonly sqs?: string;
  readonly eventbridge?: string;
}

/** Inputs of {@link lambdaEnvironment}. */
export interface LambdaEnvironmentInput {
  readonly functionName: string;
  /** The template's `Environment.Variables`, already resolved to local values. */
  readonly variables: Readonly<Record<string, unknown>>;
  readonly region: string;
  readonly endpoints: ServiceEndpoints;
  readonly memoryMb: number;
  readonly handler: string;
  readonly runtime: string;
  /** The asset directory (`LAMBDA_TASK_ROOT`). */
  readonly taskRoot: string;
}

/**
 * The environment Lambda gives a function, with the template's variables, dummy credentials and
 * `AWS_ENDPOINT_URL_<SERVICE>` so every bundled SDK client talks to the local emulators, never to AWS.
 */
export function lambdaEnvironment(input: LambdaEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    AWS_LAMBDA_FUNCTION_NAME: input.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${input.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${input.functionName}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: `AWS_Lambda_${input.runtime}`,
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    LAMBDA_TASK_ROOT: input.taskRoot,
    LAMBDA_RUNTIME_DIR: input.taskRoot,
    _HANDLER: input.handler,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    // No shared config or credential files: the local runtime must never pick up a real AWS profile.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  if (input.endpoints.dynamodb !== undefined) {
    env.AWS_ENDPOINT_URL_DYNAMODB = input.endpoints.dynamodb;
    env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS = input.endpoints.dynamodb;
  }
  if (input.endpoints.sqs !== undefined) env.AWS_ENDPOINT_URL_SQS = input.endpoints.sqs;
  if (input.endpoints.eventbridge !== undefined) env.AWS_ENDPOINT_URL_EVENTBRIDGE = input.endpoints.eventbridge;
  for (const [key, value] of Object.entries(input.variables)) {
    env[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return env;
}

// Flags from a function's NODE_OPTIONS that mean the same in a worker thread (CDK's NodejsFunction sets the first).
const WORKER_FLAGS = new Set(['--enable-source-maps', '--no-deprecation', '--no-warnings', '--trace-warnings']);

/** The worker flags a function's `NODE_OPTIONS` asks for; process-wide ones (heap size, loaders) are left out. */
export function workerExecArgv(nodeOptions: unknown): string[] {
  if (typeof nodeOptions !== 'string') return [];
  return nodeOptions.split(/\s+/).filter((flag) => WORKER_FLAGS.has(flag));
}
