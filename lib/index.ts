export { FifoConsumer, CONSUMER_RULE_DESCRIPTION_PREFIX, FORWARDER_BATCH_SIZE, METRICS_NAMESPACE } from './fifo-consumer';
export { DEFAULT_ARCHIVE_RETENTION, requiredDedupeWindow, validateFifoConsumerProps } from './fifo-consumer-validation';
export { DLQ_RETENTION, MAX_MESSAGE_BYTES, QUEUE_RETENTION } from './secure-queue';
export type { FifoConsumerProps } from './fifo-consumer';
export { OrderingKey } from './ordering-key';
export { Outbox } from './outbox';
export type { OutboxProps } from './outbox';
export { RouterBus, grantPublishTo, sourceCondition } from './router-bus';
export type { BusPublisher, GrantPublishOptions, RouterBusProps } from './router-bus';
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
  DuplicateConsumerNameError,
  EventRouterConstructError,
  InvalidOrderingKeyError,
  InvalidPropError,
  InvalidPublisherPolicyError,
  VisibilityTimeoutTooShortError,
} from './errors';
export type { ConsumerDefinition } from './consumer-definition';
export { DEFAULT_BUS_NAME } from './stacks/router-stack';
export { DEFAULT_ROUTER_NAME, routerNames, validRouterName } from './router-names';
export type { RouterNames } from './router-names';
export { AlarmTopic } from './alarm-topic';
export type { AlarmTopicProps } from './alarm-topic';
export { AlarmActions, RUNBOOK, alarmTopicArn, runbookAnchor } from './alarm-actions';
export type { AlarmActionsProps } from './alarm-actions';
export { ConsumerDashboard } from './consumer-dashboard';
export type { ConsumerDashboardProps } from './consumer-dashboard';
export { RouterDashboard } from './router-dashboard';
export type { RouterDashboardProps } from './router-dashboard';
export { DEFAULT_MAX_CONCURRENCY, RETENTION_ALARM_FRACTION } from './fifo-consumer';
export { DEFAULT_FORWARDER_MAX_CONCURRENCY } from './fifo-consumer-validation';
export { OUTBOX_PUBLISHER_RESERVED_CONCURRENCY } from './outbox';
export { FUNCTION_RUNTIME } from './router-function';
export { ORDERS_SOURCE } from './stacks/router-stack';
