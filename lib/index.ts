export { FifoConsumer, CONSUMER_RULE_DESCRIPTION_PREFIX, FORWARDER_BATCH_SIZE, METRICS_NAMESPACE } from './fifo-consumer';
export { DEFAULT_ARCHIVE_RETENTION, requiredDedupeWindow } from './fifo-consumer-validation';
export { DLQ_RETENTION, MAX_MESSAGE_BYTES, QUEUE_RETENTION } from './secure-queue';
export type { FifoConsumerProps } from './fifo-consumer';
export { OrderingKey } from './ordering-key';
export { Outbox } from './outbox';
export type { OutboxProps } from './outbox';
export { RouterBus } from './router-bus';
export type { RouterBusProps } from './router-bus';
export { RouterFunction, ENTRY_METADATA_KEY } from './router-function';
export { EventSchemaRegistry } from './schema-registry';
export type { EventSchemaRegistryProps } from './schema-registry';
export type { RouterFunctionProps } from './router-function';
export { ConsumerStack } from './stacks/consumer-stack';
export type { ConsumerStackProps } from './stacks/consumer-stack';
export { RouterStack } from './stacks/router-stack';
export type { RouterStackProps } from './stacks/router-stack';
export {
  DedupeWindowTooShortError,
  EventRouterConstructError,
  InvalidOrderingKeyError,
  InvalidPropError,
  InvalidPublisherPolicyError,
  VisibilityTimeoutTooShortError,
} from './errors';
export type { ConsumerDefinition } from './consumer-definition';
export { DEFAULT_BUS_NAME } from './stacks/router-stack';
