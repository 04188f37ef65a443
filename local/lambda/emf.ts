/** One metric value from an Embedded Metric Format line. */
export interface EmfMetric {
  readonly namespace: string;
  readonly name: string;
  /** Sum of the line's values for this metric (EMF allows an array of values). */
  readonly value: number;
  /** Dimension name -> value, for the dimensions the line declares. */
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * Parses one stdout line as CloudWatch EMF (`{"_aws":{"CloudWatchMetrics":[...]}, ...}`), as Powertools Metrics
 * prints it; returns [] for any other line.
 */
export function parseEmfLine(line: string): EmfMetric[] {
  const start = line.indexOf('{');
  if (start < 0 || !line.includes('"_aws"')) return [];
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(line.slice(start)) as Record<string, unknown>;
  } catch {
    return [];
  }
  const directives = (doc._aws as { CloudWatchMetrics?: unknown } | undefined)?.CloudWatchMetrics;
  if (!Array.isArray(directives)) return [];
  const metrics: EmfMetric[] = [];
  for (const directive of directives as Array<Record<string, unknown>>) {
    const namespace = String(directive.Namespace ?? '');
    const dimensionNames = new Set((Array.isArray(directive.Dimensions) ? directive.Dimensions.flat() : []) as string[]);
    const dimensions: Record<string, string> = {};
    for (const name of dimensionNames) if (doc[name] !== undefined) dimensions[name] = String(doc[name]);
    for (const metric of (Array.isArray(directive.Metrics) ? directive.Metrics : []) as Array<{ Name?: unknown }>) {
      const name = String(metric.Name);
      const raw = doc[name];
      const values = (Array.isArray(raw) ? raw : [raw]).map(Number).filter(Number.isFinite);
      if (values.length === 0) continue;
      metrics.push({ namespace, name, value: values.reduce((a, b) => a + b, 0), dimensions });
    }
  }
  return metrics;
}
