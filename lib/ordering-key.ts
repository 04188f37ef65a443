import { parseGroupKeyPath } from '../runtime/forwarding';

/**
 * How a consumer's events are grouped on its FIFO queue: one group per entity named by a
 * JSON path into the event (an entity's events are never processed by two invocations at
 * once, and are applied in sequence order), or one group per event (unordered, fully
 * parallel).
 */
export class OrderingKey {
  /** No ordering: every event is its own message group, so nothing waits for anything else. */
  public static none(): OrderingKey {
    return new OrderingKey(undefined);
  }

  /**
   * One message group per value at `path`, e.g. `$.detail.data.orderId`. Only plain
   * dotted property paths are accepted, checked at synth against the registered schemas of
   * the events the rule matches; events without a value there are parked by the forwarder
   * in the buffer's dead-letter queue with the reason.
   */
  public static jsonPath(path: string): OrderingKey {
    return new OrderingKey(path);
  }

  private constructor(
    /** The JSON path, or undefined for a single group. */
    public readonly path: string | undefined,
  ) {}

  /** Throws (the parser's error) when the path is not a plain dotted JSON path. */
  public validate(): void {
    if (this.path !== undefined) parseGroupKeyPath(this.path);
  }
}
