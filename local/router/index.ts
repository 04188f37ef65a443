export { startLocalRouter } from './start-local-router';
export type { LocalRouter, StartLocalRouterOptions } from './start-local-router';
export { synthesize } from './synthesize';
export type { SynthesizeOptions, SynthesizeResult } from './synthesize';
export { readCdkApp } from './cdk-app';
export type { CdkAppConfig } from './cdk-app';
export { LocalRouterError, NotACdkAppError, SynthError } from './errors';
export { startLocalEventBridge } from './start-local-event-bridge';
export type { LocalEventBridgeOptions, LocalEventBridgeService } from './start-local-event-bridge';
