import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { ConsumerDefinition } from '../lib/consumer-definition';
import { ConsumerStack } from '../lib/stacks/consumer-stack';
import { DEFAULT_BUS_NAME, RouterStack } from '../lib/stacks/router-stack';
import { consumers as defaultConsumers } from './consumers';

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /**
   * The consumers, one stack each.
   * @default the list in bin/consumers.ts
   */
  readonly consumers?: readonly ConsumerDefinition[];
  /**
   * Cloud assembly directory.
   * @default - CDK_OUTDIR when run by the CDK CLI, else a temporary directory
   */
  readonly outdir?: string;
  /**
   * Extra context, e.g. `{ 'aws:cdk:bundling-stacks': [] }` to skip bundling.
   * @default - none
   */
  readonly context?: Record<string, unknown>;
  /**
   * Name of the bus.
   * @default DEFAULT_BUS_NAME
   */
  readonly busName?: string;
  /**
   * Run the cdk-nag AwsSolutions and Serverless packs at synth (a finding fails synth).
   * @default true
   */
  readonly nag?: boolean;
}

/** Stack id of a consumer's stack: `inventory` -> `InventoryConsumerStack`. */
export function consumerStackId(consumerName: string): string {
  const pascal = consumerName
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `${pascal}ConsumerStack`;
}

/**
 * The event-router CDK app: `RouterStack` plus one `ConsumerStack` per consumer. Used by
 * `bin/app.ts`, the tests, the local runtime and the routing test helper.
 */
export function buildApp(options: BuildAppOptions = {}): App {
  const app = new App({ outdir: options.outdir, context: options.context });
  const busName = options.busName ?? DEFAULT_BUS_NAME;
  const router = new RouterStack(app, 'RouterStack', { busName });
  for (const consumer of options.consumers ?? defaultConsumers) {
    const stack = new ConsumerStack(app, consumerStackId(consumer.name), { busName, consumer });
    // Deploy order only (the bus must exist first); it adds nothing to either template.
    stack.addStackDependency(router);
  }
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  }
  return app;
}
