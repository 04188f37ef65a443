import { Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import type { ConsumerDefinition } from '../consumer-definition';
import { FifoConsumer } from '../fifo-consumer';
import { functionEntry } from '../project-paths';

/** Props of {@link ConsumerStack}. */
export interface ConsumerStackProps extends StackProps {
  /** Name of the router's bus (the stack looks it up by name: no cross-stack exports). */
  readonly busName: string;
  /** The consumer this stack holds. */
  readonly consumer: ConsumerDefinition;
}

/**
 * One consumer, on its own. It refers to the bus only by name, so adding, changing or
 * removing a consumer stack never changes the router's or another consumer's template.
 */
export class ConsumerStack extends Stack {
  /** The consumer. */
  public readonly consumer: FifoConsumer;

  constructor(scope: Construct, id: string, props: ConsumerStackProps) {
    super(scope, id, {
      description: `event-router consumer ${props.consumer.name}: rule, FIFO queues, DLQs, function, dedupe table`,
      ...props,
    });
    const { name, entry, ...consumerProps } = props.consumer;
    this.consumer = new FifoConsumer(this, 'Consumer', {
      ...consumerProps,
      consumerName: name,
      entry: entry ?? functionEntry(name),
      bus: EventBus.fromEventBusName(this, 'Bus', props.busName),
    });
  }
}
