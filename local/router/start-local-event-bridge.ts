import {
  createEventBridge,
  patternEngine,
  reportDroppedEvent,
  startEventBridgeEndpoint,
  type DeliveryFailure,
  type EventEngine,
  type LocalEventBridge,
  type RoutingListener,
  type WebRequestHandler,
} from '../eventbridge/endpoint';
import { serveOpsRoutes, type EventJournal } from '../ops';
import type { EventBridgeContext, StartedEventBridge } from '../runtime';
import { consumerWiring, StatusTracker, type StatusReport } from '../status';

/** The running local EventBridge: the endpoint, the buses and rules behind it, and the status figures. */
export interface LocalEventBridgeService extends StartedEventBridge {
  readonly port: number;
  readonly bridge: LocalEventBridge;
  /** Names of the buses the templates declare (plus `default`). */
  readonly busNames: readonly string[];
  /** The `GET /status` document. */
  status(): Promise<StatusReport>;
  /** Waits until every event accepted so far has been delivered to its targets (or dead-lettered). */
  drain(): Promise<void>;
  /** Serves the web view (local/web) on the endpoint's port, beside the API and `GET /status`. */
  serveWeb(handler: WebRequestHandler): void;
  /** Adds an observer of routing besides the status figures (the web view records accepted events). */
  addRoutingListener(listener: RoutingListener): void;
}

/** Options of {@link startLocalEventBridge}. */
export interface LocalEventBridgeOptions {
  /** @default the project's pattern engine and PutEvents validation (local/eventbridge) */
  readonly engine?: EventEngine;
  /** Scales target-delivery retry backoff; tests set it low. @default 1 */
  readonly backoffScale?: number;
  /** @default a line on stderr */
  readonly onDropped?: (failure: DeliveryFailure) => void;
  /** Called for an event sent to a bus no template declares (AWS accepts and drops it). @default a line on stderr */
  readonly onUnknownBus?: (eventId: string, busName: string) => void;
}

/**
 * Stands up the templates' buses and rules behind the local EventBridge endpoint and serves
 * `GET /status` and the ops routes on the same port. This assembly is the one place that knows all
 * three: the status tracker and the ops routes observe the endpoint, and the endpoint knows neither. Fits `startLocalRuntime({ eventBridge })`:
 * `eventBridge: (context) => startLocalEventBridge(context)`.
 */
export async function startLocalEventBridge(context: EventBridgeContext, options: LocalEventBridgeOptions = {}): Promise<LocalEventBridgeService> {
  const faults = context.faults;
  const tracker = new StatusTracker(consumerWiring(context.resources), {
    metric: (consumer, name) => context.metrics.metric(consumer, name),
    queue: async (arn) => {
      const stats = context.queueStats(arn);
      return { messages: stats?.messages ?? 0, oldestAgeSeconds: stats?.oldestAgeSeconds ?? 0 };
    },
    faults: faults === undefined ? undefined : () => faults.counts(),
  });
  // `failed` counts messages, not attempts: errors that name a message, and the messages of failed invocations.
  context.events.on('log', (log) => tracker.onFunctionLog(log.functionName, log.line));
  context.events.on('batch', (outcome) => {
    if (outcome.error !== undefined && outcome.failedMessageIds !== undefined) tracker.onFailedInvocation(outcome.functionName, outcome.failedMessageIds);
  });
  const onDropped = options.onDropped ?? reportDroppedEvent;
  const busNames = context.resources
    .filter((resource) => resource.type === 'AWS::Events::EventBus')
    .map((resource) => String(resource.properties.Name))
    .concat('default');
  const onUnknownBus =
    options.onUnknownBus ??
    ((eventId: string, busName: string) =>
      process.stderr.write(
        `event-router: event ${eventId} was sent to event bus ${busName}, which no template declares; AWS answers such a PutEvents ` +
          `with an EventId and drops the event, and so does this endpoint. Buses here: ${busNames.join(', ')}. Check EventBusName.\n`,
      ));
  const listeners: RoutingListener[] = [];
  let journal: EventJournal | undefined;
  const { bridge, delivery, stopSchedules } = createEventBridge({
    resources: context.resources,
    account: context.account,
    sqs: context.sqs,
    engine: options.engine ?? patternEngine({ account: context.account.accountId, region: context.account.region }),
    invokeFunction: (arn, payload) => context.invokeFunction(arn, payload),
    backoffScale: options.backoffScale,
    faults,
    onDropped: (failure) => {
      tracker.onDropped(failure.rule);
      onDropped(failure);
    },
    listener: {
      onRouted: (event, busName, rules) => {
        tracker.onRouted(event, busName, rules);
        journal?.onRouted(event, busName, rules);
        for (const listener of listeners) listener.onRouted?.(event, busName, rules);
      },
      onUnknownBus: (event, busName) => {
        onUnknownBus(event.id, busName);
        for (const listener of listeners) listener.onUnknownBus?.(event, busName);
      },
    },
  });
  const endpoint = await startEventBridgeEndpoint({ port: context.port, bridge });
  endpoint.serveStatus(() => tracker.report());
  journal = serveOpsRoutes(endpoint, context, bridge, () => tracker.report());
  return {
    endpoint: endpoint.url,
    port: endpoint.port,
    bridge,
    busNames: bridge.buses.map((bus) => bus.name),
    status: () => tracker.report(),
    drain: () => delivery.drain(),
    serveWeb: (handler) => endpoint.serveWeb(handler),
    addRoutingListener: (listener) => void listeners.push(listener),
    async stop() {
      // Stop taking events first, then let accepted ones reach their queues while SQS is still up.
      stopSchedules();
      await endpoint.stop();
      await delivery.stop();
    },
  };
}
