export { startEventBridgeEndpoint } from './server';
export type { EventBridgeEndpoint, StartEventBridgeEndpointOptions, WebRequestHandler } from './server';
export { createEventBridge, reportDroppedEvent } from './create-event-bridge';
export type { CreateEventBridgeOptions, EventBridgeRuntime } from './create-event-bridge';
export { LocalEventBridge } from './local-event-bridge';
export type { RequestContext, RoutingListener } from './local-event-bridge';
export { patternEngine } from './pattern-engine';
export type { EventEngine, ValidatedEntry } from './event-engine';
export { TargetDelivery } from './target-delivery';
export type { DeliveredEvent, DeliveryFailure, TargetDeliveryOptions } from './target-delivery';
export { busesFromResources, busArn, busNameFrom, DEFAULT_BUS_NAME, DEFAULT_RETRY_POLICY } from './bus-model';
export type { AccountContext, BusDefinition, EventsResource, RetryPolicy, RuleDefinition, TargetDefinition } from './bus-model';
export { allowsPublish, callerFromAuthorization, publishStatementsFrom } from './publish-policy';
export type { Caller, PublishStatement } from './publish-policy';
export {
  AccessDeniedError,
  EventBridgeServiceError,
  LocalEventBridgeError,
  ResourceNotFoundError,
  SerializationError,
  UnknownOperationError,
  UnsupportedTemplateError,
  ValidationError,
} from './errors';
export { EventArchive, archivesFromResources } from './event-archive';
export type { ArchivedEvent } from './event-archive';
export { ReplayManager } from './replays';
export type { ReplayDeps, ReplayState } from './replays';
