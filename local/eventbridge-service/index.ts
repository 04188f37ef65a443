export { startLocalEventBridge } from './start-local-event-bridge';
export type { LocalEventBridgeOptions, LocalEventBridgeService } from './start-local-event-bridge';
