import * as path from 'node:path';
import { Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { consumerStackDescription } from '../runtime/contract/index';
import { AlarmActions } from './alarm-actions';
import { ConsumerDashboard } from './consumer-dashboard';
import type { ConsumerDefinition } from './consumer-definition';
import { FifoConsumer } from './fifo-consumer';
import { DEFAULT_ROUTER_NAME, routerNames, validRouterName } from './router-names';

/** Props of {@link ConsumerStack}. */
export interface ConsumerStackProps extends StackProps {
  /**
   * Name of the router whose bus the consumer listens on and whose alarm topic its alarms
   * notify; both are found by the names derived from it (no cross-stack exports).
   * @default DEFAULT_ROUTER_NAME ("event-router")
   */
  readonly routerName?: string;
  /** The consumer this stack holds. */
  readonly consumer: ConsumerDefinition;
}

/**
 * One consumer, on its own. It refers to the bus and the alarm topic only by name, so adding,
 * changing or removing a consumer stack never changes the router's or another consumer's template.
 */
export class ConsumerStack extends Stack {
  /** The consumer. */
  public readonly consumer: FifoConsumer;
  /** The consumer's dashboard. */
  public readonly dashboard: ConsumerDashboard;

  constructor(scope: Construct, id: string, props: ConsumerStackProps) {
    super(scope, id, {
      description: consumerStackDescription(props.consumer.name),
      ...props,
    });
    const routerName = validRouterName(this.node.path, props.routerName ?? DEFAULT_ROUTER_NAME);
    const names = routerNames(routerName);
    // The topic is in the router's stack; its ARN is formatted from this stack's account and region.
    AlarmActions.applyTo(this, { topicName: names.alarmTopic });
    const { name, entry, ...consumerProps } = props.consumer;
    this.consumer = new FifoConsumer(this, 'Consumer', {
      ...consumerProps,
      consumerName: name,
      entry: entry ?? defaultConsumerEntry(name),
      bus: EventBus.fromEventBusName(this, 'Bus', names.bus),
    });
    this.dashboard = new ConsumerDashboard(this, 'Dashboard', {
      consumer: this.consumer,
      dashboardName: `${routerName}-consumer-${name}`,
    });
  }
}

/** Where a consumer's handler is unless its definition says otherwise: `functions/<name>/index.ts` of the app. */
export function defaultConsumerEntry(consumerName: string): string {
  return path.join('functions', consumerName, 'index.ts');
}
