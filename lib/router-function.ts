import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge } from './acknowledge';
import { lambdaCredentialsModule } from './handler-entry';
import { integerIn } from './validate';

/** Props of {@link RouterFunction}. */
export interface RouterFunctionProps {
  /**
   * The entry file (TypeScript or JavaScript); it must export `handler`. A relative path is
   * relative to the current directory: the CDK app's root, where `cdk` runs it.
   */
  readonly entry: string;
  /**
   * The lock file of the project whose `node_modules` the bundler resolves imports from; its
   * directory is the project root.
   * @default - the nearest package-lock.json, yarn.lock, pnpm-lock.yaml or bun.lockb above the current directory
   */
  readonly depsLockFilePath?: string;
  /**
   * Function timeout.
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MB (also sets the CPU share).
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Environment variables.
   * @default - none besides NODE_OPTIONS
   */
  readonly environment?: Record<string, string>;
  /**
   * Retention of the function's log group.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * Description of the function.
   * @default - none
   */
  readonly description?: string;
  /**
   * Concurrent executions set aside for this function alone (`ReservedConcurrentExecutions`):
   * no other function of the account can take them, so a busy consumer never starves it,
   * and it never runs more than this many at once. Leave unset for functions whose
   * concurrency other limits bound (e.g. an event source mapping's maximum concurrency).
   * @default - none: the function draws on the account's unreserved pool
   */
  readonly reservedConcurrency?: number;
}

/**
 * CloudFormation metadata key naming the function's entry file relative to the
 * app's root (the current directory at synth), so tools reading the synthesized template (the local runtime) can
 * run the TypeScript source without the bundle.
 */
export const ENTRY_METADATA_KEY = 'event-router:entry';

/** The AWS SDK package RouterFunction's bundles replace with an environment-only credential provider. */
export const DEFAULT_CREDENTIAL_CHAIN = '@aws-sdk/credential-provider-node';

/** Lambda runtime of every function: the Node.js major the project is tested on. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/**
 * A Lambda function bundled from TypeScript the way every function of this project
 * is: Node.js 24 on arm64, ESM (`index.mjs`) with the AWS SDK bundled in, minified,
 * with source maps, built by the local esbuild (never Docker), X-Ray tracing on and
 * its own log group with a bounded retention.
 */
export class RouterFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: RouterFunctionProps) {
    if (props.reservedConcurrency !== undefined) {
      integerIn(scope.node.path ? `${scope.node.path}/${id}` : id, 'reservedConcurrency', props.reservedConcurrency, 1, 1000);
    }
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Own role instead of AWSLambdaBasicExecutionRole: logs to this function's log group only.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );
    super(scope, id, {
      entry: path.resolve(props.entry),
      role,
      handler: 'handler',
      depsLockFilePath: props.depsLockFilePath,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 512,
      tracing: Tracing.ACTIVE,
      logGroup,
      description: props.description,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        minify: true,
        // Minifying renames classes; error classes that take their name from the class
        // (`this.name = new.target.name`) would then report "ti" in logs and in parked
        // messages' ErrorType attribute (issue 10). keepNames keeps them readable.
        keepNames: true,
        sourceMap: true,
        format: OutputFormat.ESM,
        target: 'node24',
        // Bundle the AWS SDK too: a pinned, tested version instead of the runtime's.
        externalModules: [],
        // Lambda passes the role's credentials in environment variables: the SDK's default chain
        // (INI, SSO, web identity, IMDS and the STS/SSO clients behind them, ~100 KB minified)
        // would be bundled and loaded at every cold start for nothing.
        esbuildArgs: { [`--alias:${DEFAULT_CREDENTIAL_CHAIN}`]: lambdaCredentialsModule() },
        mainFields: ['module', 'main'],
        // Some dependencies are CommonJS and call require(); give ESM output one.
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        forceDockerBundling: false,
      },
    });
    (this.node.defaultChild as CfnFunction).addMetadata(
      ENTRY_METADATA_KEY,
      path.relative(process.cwd(), path.resolve(props.entry)).split(path.sep).join('/'),
    );
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'Only actions without resource-level permissions get "*": X-Ray PutTraceSegments/PutTelemetryRecords and DynamoDB ListStreams.',
    );
  }
}
