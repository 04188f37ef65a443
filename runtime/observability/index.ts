export { createTelemetry } from './telemetry';
export type { Telemetry, TelemetryOptions } from './telemetry';
export { METRICS_NAMESPACE, MetricName } from './metric-names';
