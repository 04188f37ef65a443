import type { DeliveredEvent, RoutingListener, RuleDefinition } from '../eventbridge/endpoint';

/**
 * Counts what the endpoint routes: accepted events per bus and matches per rule since start, the counters behind the
 * flows of the topology's first edges (PutEvents clients -> bus -> rule). Nothing else is kept: the search is the ops
 * layer's trace, over the runtime's own event journal.
 */
export class RouteCounters implements RoutingListener {
  /** Accepted events per bus since start. */
  readonly acceptedByBus = new Map<string, number>();
  /** Matches per rule (`<stack>/<logicalId>`) since start. */
  readonly matchedByRule = new Map<string, number>();

  onRouted(_event: DeliveredEvent, busName: string, rules: readonly RuleDefinition[]): void {
    this.acceptedByBus.set(busName, (this.acceptedByBus.get(busName) ?? 0) + 1);
    for (const rule of rules) this.matchedByRule.set(rule.origin, (this.matchedByRule.get(rule.origin) ?? 0) + 1);
  }
}
