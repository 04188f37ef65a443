import { startLocalEventBridge, type LocalEventBridgeOptions, type LocalEventBridgeService } from './start-local-event-bridge';
import { startLocalRuntime, type LocalRuntime, type StartLocalRuntimeOptions } from '../runtime/index';
import { attachWebView, type WebView } from '../web/index';
import { LocalRouterError } from './errors';

/** Options of {@link startLocalRouter}. */
export interface StartLocalRouterOptions extends Omit<StartLocalRuntimeOptions, 'eventBridge'> {
  /** Options of the EventBridge endpoint (port, faults, ...). */
  readonly eventBridgeOptions?: LocalEventBridgeOptions;
}

/** The whole app running locally: the runtime (tables, queues, functions, mappings) plus the EventBridge endpoint. */
export interface LocalRouter {
  readonly runtime: LocalRuntime;
  readonly eventBridge: LocalEventBridgeService;
  /** The web view at `GET /` of the EventBridge endpoint (local/web). */
  readonly web: WebView;
  /** Stops the functions, the endpoints and DynamoDB Local; every port is free afterwards. */
  stop(): Promise<void>;
}

/** Stands up every stack of a cloud assembly (`cdkOut`) with the project's EventBridge endpoint in front. */
export async function startLocalRouter(options: StartLocalRouterOptions): Promise<LocalRouter> {
  let eventBridge: LocalEventBridgeService | undefined;
  const runtime = await startLocalRuntime({
    ...options,
    eventBridge: async (context) => (eventBridge = await startLocalEventBridge(context, options.eventBridgeOptions)),
  });
  if (eventBridge === undefined) {
    await runtime.stop();
    throw new LocalRouterError('The local runtime started without calling the EventBridge factory; no endpoint to serve.');
  }
  const web = attachWebView(runtime, eventBridge);
  return {
    runtime,
    eventBridge,
    web,
    stop: async () => {
      web.stop();
      await runtime.stop();
    },
  };
}
