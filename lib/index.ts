export { FifoConsumer, FORWARDER_BATCH_SIZE } from './fifo-consumer';
// Defined by the runtime, which reads what the constructs write; re-exported for users of the constructs.
export { CONSUMER_RULE_DESCRIPTION_PREFIX, EnvironmentVariable } from '../runtime/contract';
export { METRICS_NAMESPACE } from '../runtime/observability';
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
export { ConsumerStack } from './consumer-stack';
export type { ConsumerStackProps } from './consumer-stack';
export {
  DedupeWindowTooShortError,
  DuplicateConsumerNameError,
  EventRouterConstructError,
  InvalidOrderingKeyError,
  InvalidPropError,
  InvalidPublisherPolicyError,
  MissingHandlerError,
  VisibilityTimeoutTooShortError,
} from './errors';
export type { ConsumerDefinition } from './consumer-definition';
export { DEFAULT_BUS_NAME, DEFAULT_ROUTER_NAME, routerNames, validRouterName } from './router-names';
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
export { DEFAULT_CREDENTIAL_CHAIN, FUNCTION_RUNTIME } from './router-function';
export { acknowledge } from './acknowledge';
export { secureTable, grantItemReadWrite, ITEM_READ_WRITE_ACTIONS } from './secure-table';
export type { SecureTableProps } from './secure-table';
export { metricTableThrottles } from './table-metrics';
export { handlerEntry, lambdaCredentialsModule } from './handler-entry';
export type { LibraryHandler } from './handler-entry';
export { thresholdAlarm } from './threshold-alarm';
export type { ThresholdAlarmProps } from './threshold-alarm';
