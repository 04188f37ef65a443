export { routesFor, loadRoutes, consumerRules, RoutesSourceError, CONSUMER_RULE_DESCRIPTION_PREFIX } from './routes-for';
export type { Routes, RoutesSource, ConsumerRule } from './routes-for';
export { matchesEventPattern } from './matches-event-pattern';
export { testMessageContext } from './message-context';
