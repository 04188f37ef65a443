import type { EventBridgeContext, StartedEventBridge } from '../../runtime/types';
import { consumerWiring } from '../../status/consumer-wiring';
import { StatusTracker, type StatusReport } from '../../status/status-tracker';
import { serveOpsRoutes } from '../../ops';
import type { EventJournal } from '../../ops/event-journal';
import { createEventBridge } from './create-event-bridge';
import type { EventEngine } from './event-engine';
import type { LocalEventBridge } from './local-event-bridge';
import { patternEngine } from './pattern-engine';
import { startEventBridgeEndpoint } from './server';
import type { DeliveryFailure } from './target-delivery';

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
 * `GET /status` on the same port. Fits `startLocalRuntime({ eventBridge })`:
 * `eventBridge: (context) => startLocalEventBridge(context)`.
 */
export async function startLocalEventBridge(context: EventBridgeContext, options: LocalEventBridgeOptions = {}): Promise<LocalEventBridgeService> {
  const tracker = new StatusTracker(consumerWiring(context.resources), {
    metric: (consumer, name) => context.metrics.metric(consumer, name),
    queue: async (arn) => {
      const stats = context.queueStats(arn);
      return { messages: stats?.messages ?? 0, oldestAgeSeconds: stats?.oldestAgeSeconds ?? 0 };
    },
  });
  const onUnknownBus =
    options.onUnknownBus ??
    ((eventId: string, busName: string) =>
      process.stderr.write(`event-router: event ${eventId} was sent to event bus ${busName}, which no template declares; AWS drops such events.\n`));
  let journal: EventJournal | undefined;
  const { bridge, delivery } = createEventBridge({
    resources: context.resources,
    account: context.account,
    sqs: context.sqs,
    engine: options.engine ?? patternEngine(),
    invokeFunction: (arn, payload) => context.invokeFunction(arn, payload),
    backoffScale: options.backoffScale,
    onDropped: options.onDropped,
    listener: {
      onRouted: (event, busName, rules) => {
        tracker.onRouted(event, busName, rules);
        journal?.onRouted(event, busName, rules);
      },
      onUnknownBus: (event, busName) => onUnknownBus(event.id, busName),
    },
  });
  const endpoint = await startEventBridgeEndpoint({ port: context.port, bridge });
  endpoint.serveStatus(() => tracker.report());
  journal = serveOpsRoutes(endpoint, context, bridge);
  return {
    endpoint: endpoint.url,
    port: endpoint.port,
    bridge,
    busNames: bridge.buses.map((bus) => bus.name),
    status: () => tracker.report(),
    drain: () => delivery.drain(),
    async stop() {
      // Stop taking events first, then let accepted ones reach their queues while SQS is still up.
      await endpoint.stop();
      await delivery.stop();
    },
  };
}
