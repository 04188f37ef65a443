export { consumerWiring } from './consumer-wiring';
export type { ConsumerWiring } from './consumer-wiring';
export { StatusTracker } from './status-tracker';
export type { ConsumerFigures, ConsumerMetric, StatusReport, StatusSources } from './status-tracker';
export { renderStatusLines, renderStatusTable, startStatusView } from './status-view';
export type { StatusView, StatusViewOptions } from './status-view';
export { formatFunctionLog, isProblemLine } from './function-log-filter';
export type { FunctionLogLevel } from './function-log-filter';
