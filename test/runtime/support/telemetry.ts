import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createTelemetry } from '../../../runtime/observability/index';
import type { MetricName, Telemetry } from '../../../runtime/observability/index';

// Metrics are asserted through `counts`; keep EMF lines out of the test output.
process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';

/** Telemetry that logs nothing, emits no EMF, and remembers every count for assertions. */
export interface RecordingTelemetry extends Telemetry {
  readonly counts: Map<MetricName, number>;
  readonly logged: { level: string; message: string; attributes: Record<string, unknown> }[];
}

export function recordingTelemetry(consumerName = 'test-consumer'): RecordingTelemetry {
  const logger = new Logger({ serviceName: consumerName, logLevel: 'SILENT' });
  const logged: RecordingTelemetry['logged'] = [];
  for (const level of ['info', 'warn', 'error'] as const) {
    const original = logger[level].bind(logger);
    (logger as unknown as Record<string, unknown>)[level] = (message: string, attributes: Record<string, unknown> = {}) => {
      logged.push({ level, message, attributes });
      original(message, attributes);
    };
  }
  const metrics = new Metrics({ namespace: 'EventRouter', serviceName: consumerName });
  metrics.setThrowOnEmptyMetrics(false);
  const base = createTelemetry({ consumerName, logger, metrics });
  const counts = new Map<MetricName, number>();
  return {
    ...base,
    counts,
    logged,
    count(name, value = 1) {
      counts.set(name, (counts.get(name) ?? 0) + value);
    },
  };
}
