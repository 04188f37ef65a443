import { METRICS_NAMESPACE } from '../../runtime/observability';
import type { EmfMetric } from './emf';

/** Running sums of the EMF metrics functions printed, queryable by name and one dimension. */
export class MetricCounters {
  private readonly sums = new Map<string, number>();
  private readonly latest = new Map<string, number>();

  /** Adds one parsed metric to the sums (per name, and per name + each of its dimensions). */
  add(metric: EmfMetric): void {
    this.bump(key(metric.namespace, metric.name), metric.value);
    for (const [dimension, value] of Object.entries(metric.dimensions)) {
      this.bump(key(metric.namespace, metric.name, dimension, value), metric.value);
    }
  }

  /** Sum of `name` in `namespace`, optionally only where dimension `dimension` had `value`. */
  sum(namespace: string, name: string, dimension?: { readonly name: string; readonly value: string }): number {
    return this.sums.get(key(namespace, name, dimension?.name, dimension?.value)) ?? 0;
  }

  /** The contract's figure: sum of `name` in the runtime's namespace (`EventRouter`) with dimension `consumer` = `consumer`. */
  metric(consumer: string, name: string): number {
    return this.sum(METRICS_NAMESPACE, name, { name: 'consumer', value: consumer });
  }

  /** The value of the latest line for a gauge such as `HeldEvents` (namespace EventRouter, dimension consumer); 0 before any. */
  latestMetric(consumer: string, name: string): number {
    return this.latest.get(key(METRICS_NAMESPACE, name, 'consumer', consumer)) ?? 0;
  }

  private bump(k: string, value: number): void {
    this.sums.set(k, (this.sums.get(k) ?? 0) + value);
    this.latest.set(k, value);
  }
}

function key(namespace: string, name: string, dimension?: string, value?: string): string {
  return JSON.stringify([namespace, name, dimension ?? null, value ?? null]);
}
