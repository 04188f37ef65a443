import { parseGroupKeyPath } from '../runtime/forwarding/group-key-path';

/**
 * How a consumer's events are ordered: one message group for the whole consumer, or
 * one group per entity named by a JSON path into the event, so different entities are
 * processed in parallel while each entity's events stay in order.
 */
export class OrderingKey {
  /** Every event in one message group: strict order across the consumer, no parallelism. */
  public static none(): OrderingKey {
    return new OrderingKey(undefined);
  }

  /**
   * One message group per value at `path`, e.g. `$.detail.data.orderId`. Only plain
   * dotted property paths are accepted; events without a value there fail in the
   * forwarder and end in the buffer's dead-letter queue.
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
