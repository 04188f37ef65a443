export { routesFor, loadRoutes, consumerRules } from './routes-for';
export { RoutesSourceError } from './errors';
// The contract constant is the runtime's; re-exported here for tests that build templates by hand.
export { CONSUMER_RULE_DESCRIPTION_PREFIX } from '../../runtime/contract';
export type { Routes, RoutesSource, ConsumerRule } from './routes-for';
export { startLocalRouter, synthesize, readCdkApp, LocalRouterError, NotACdkAppError, SynthError } from '../router/index';
export type { LocalRouter, StartLocalRouterOptions, SynthesizeOptions, SynthesizeResult, CdkAppConfig } from '../router/index';
export { matchesEventPattern } from './matches-event-pattern';
export { testMessageContext } from './message-context';
