import type { FifoConsumerProps } from './fifo-consumer';

/**
 * One consumer of the app, as an app lists them (this repository: `consumers/`): everything a
 * {@link FifoConsumerProps} holds except the bus, which its stack finds by name.
 */
export interface ConsumerDefinition extends Omit<FifoConsumerProps, 'bus' | 'consumerName' | 'entry'> {
  /** Consumer name (also its stack's name suffix and its message group prefix). */
  readonly name: string;
  /**
   * The handler's entry file, absolute or relative to the app's root.
   * @default functions/<name>/index.ts
   */
  readonly entry?: string;
}
