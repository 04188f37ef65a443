import type { FifoConsumerProps } from './fifo-consumer';

/**
 * One consumer of the app, as listed in `bin/consumers.ts`: everything a
 * {@link FifoConsumerProps} holds except the bus, which its stack finds by name.
 */
export interface ConsumerDefinition extends Omit<FifoConsumerProps, 'bus' | 'consumerName' | 'entry'> {
  /** Consumer name (also its stack's name suffix and its message group prefix). */
  readonly name: string;
  /**
   * Absolute path of the handler entry.
   * @default functions/<name>/index.ts
   */
  readonly entry?: string;
}
