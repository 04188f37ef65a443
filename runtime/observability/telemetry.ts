import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE } from './metric-names';
import type { MetricName } from './metric-names';
import { EnvironmentVariable } from '../contract/index';

/** The Powertools Logger and Metrics one function uses, with the `consumer` dimension set. */
export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Adds `value` to a count metric of the contract; flushed by `metrics.publishStoredMetrics()` or the `logMetrics` middleware. */
  count(name: MetricName, value?: number): void;
}

/** Options of `createTelemetry`. */
export interface TelemetryOptions {
  /** Value of the `consumer` dimension and the default service name. */
  readonly consumerName: string;
  /** @default POWERTOOLS_SERVICE_NAME, else consumerName */
  readonly serviceName?: string;
  /** @default POWERTOOLS_METRICS_NAMESPACE, else 'EventRouter' */
  readonly namespace?: string;
  /** Use an existing logger (e.g. to share one across middlewares). */
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

/** Creates the structured JSON logger and EMF metrics of a function, per the project's metrics contract. */
export function createTelemetry(options: TelemetryOptions): Telemetry {
  const serviceName = options.serviceName ?? process.env[EnvironmentVariable.POWERTOOLS_SERVICE_NAME] ?? options.consumerName;
  const logger = options.logger ?? new Logger({ serviceName, persistentKeys: { consumer: options.consumerName } });
  const metrics =
    options.metrics ??
    new Metrics({
      namespace: options.namespace ?? process.env[EnvironmentVariable.POWERTOOLS_METRICS_NAMESPACE] ?? METRICS_NAMESPACE,
      serviceName,
      defaultDimensions: { consumer: options.consumerName },
    });
  return {
    logger,
    metrics,
    count(name, value = 1) {
      if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
    },
  };
}
