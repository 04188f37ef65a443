import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge } from './acknowledge';
import { PROJECT_ROOT } from './project-paths';

/** Props of {@link RouterFunction}. */
export interface RouterFunctionProps {
  /** Absolute path of the TypeScript entry file; it must export `handler`. */
  readonly entry: string;
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
}

/**
 * CloudFormation metadata key naming the function's entry file relative to the
 * project root, so tools reading the synthesized template (the local runtime) can
 * run the TypeScript source without the bundle.
 */
export const ENTRY_METADATA_KEY = 'event-router:entry';

/**
 * A Lambda function bundled from TypeScript the way every function of this project
 * is: Node.js 22 on arm64, ESM (`index.mjs`) with the AWS SDK bundled in, minified,
 * with source maps, built by the local esbuild (never Docker), X-Ray tracing on and
 * its own log group with a bounded retention.
 */
export class RouterFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: RouterFunctionProps) {
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
      entry: props.entry,
      role,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 512,
      tracing: Tracing.ACTIVE,
      logGroup,
      description: props.description,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        minify: true,
        sourceMap: true,
        format: OutputFormat.ESM,
        target: 'node22',
        // Bundle the AWS SDK too: a pinned, tested version instead of the runtime's.
        externalModules: [],
        mainFields: ['module', 'main'],
        // Some dependencies are CommonJS and call require(); give ESM output one.
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        forceDockerBundling: false,
      },
    });
    (this.node.defaultChild as CfnFunction).addMetadata(
      ENTRY_METADATA_KEY,
      path.relative(PROJECT_ROOT, props.entry).split(path.sep).join('/'),
    );
    for (const rule of ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion']) {
      acknowledge(this, rule, 'Node.js 22 is the runtime the project targets and tests on (contract of every function entry).');
    }
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'Only actions without resource-level permissions get "*": X-Ray PutTraceSegments/PutTelemetryRecords and DynamoDB ListStreams.',
    );
  }
}
