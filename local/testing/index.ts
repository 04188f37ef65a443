export { routesFor, loadRoutes, consumerRules, RoutesSourceError, CONSUMER_RULE_DESCRIPTION_PREFIX } from './routes-for';
export type { Routes, RoutesSource, ConsumerRule } from './routes-for';
export { startLocalRouter, synthesize, readCdkApp, LocalRouterError, NotACdkAppError, SynthError } from '../router/index';
export type { LocalRouter, StartLocalRouterOptions, SynthesizeOptions, SynthesizeResult, CdkAppConfig } from '../router/index';
