import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { ConsumerDefinition } from 'event-router';
import type { BusPublisher } from 'event-router';
import { ConsumerStack } from 'event-router';
import { DuplicateConsumerNameError } from 'event-router';
import { DEFAULT_ROUTER_NAME, validRouterName } from 'event-router';
import { RouterStack } from './router-stack';
import { consumers as defaultConsumers } from '../consumers/index';

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
   * Name of the router; the bus, archive, schema registry, alarm topic, dashboards and (for
   * a name other than the default) the stack ids derive from it.
   * @default context `routerName` (`cdk synth -c routerName=payments`), else DEFAULT_ROUTER_NAME
   */
  readonly routerName?: string;
  /**
   * E-mail address subscribed to the alarm topic.
   * @default context `alarmEmail` (`cdk deploy -c alarmEmail=ops@example.com`), else no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Other accounts or an organization admitted to publish on the bus, each with its sources.
   * @default - none
   */
  readonly publishers?: BusPublisher[];
  /**
   * Run the cdk-nag AwsSolutions and Serverless packs at synth (a finding fails synth).
   * @default true
   */
  readonly nag?: boolean;
}

/** Stack id of a consumer's stack: `inventory` -> `InventoryConsumerStack`; another router's are prefixed (`PaymentsInventoryConsumerStack`). */
export function consumerStackId(consumerName: string, routerName: string = DEFAULT_ROUTER_NAME): string {
  return `${stackIdPrefix(routerName)}${pascal(consumerName)}ConsumerStack`;
}

/** Stack id of the router's stack: `RouterStack` for the default router, `<PascalName>RouterStack` for another. */
export function routerStackId(routerName: string = DEFAULT_ROUTER_NAME): string {
  return `${stackIdPrefix(routerName)}RouterStack`;
}

// The default router keeps its unprefixed stack ids (and CloudFormation stack names); any other
// router's stacks are prefixed, so two routers deploy side by side in one account and region.
function stackIdPrefix(routerName: string): string {
  return routerName === DEFAULT_ROUTER_NAME ? '' : pascal(routerName);
}

function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The event-router CDK app: `RouterStack` plus one `ConsumerStack` per consumer. Used by
 * `bin/app.ts`, the tests, the local runtime and the routing test helper.
 */
export function buildApp(options: BuildAppOptions = {}): App {
  const app = new App({ outdir: options.outdir, context: options.context });
  // Checked before it becomes a stack id, so the error names the prop rather than the stack name.
  const routerName = validRouterName('routerName', options.routerName ?? stringContext(app, 'routerName') ?? DEFAULT_ROUTER_NAME);
  const alarmEmail = options.alarmEmail ?? stringContext(app, 'alarmEmail');
  const router = new RouterStack(app, routerStackId(routerName), { routerName, alarmEmail, publishers: options.publishers });
  const seen = new Set<string>();
  for (const consumer of options.consumers ?? defaultConsumers) {
    // Checked here, before CDK reports the clash as a duplicate construct id.
    if (seen.has(consumer.name)) throw new DuplicateConsumerNameError('consumers', consumer.name);
    seen.add(consumer.name);
    const stack = new ConsumerStack(app, consumerStackId(consumer.name, routerName), { routerName, consumer });
    // Deploy order only (the bus and the alarm topic must exist first); it adds nothing to either template.
    stack.addStackDependency(router);
  }
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  }
  return app;
}

/** A context value given as a non-empty string (`-c key=value`), else undefined. */
function stringContext(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
