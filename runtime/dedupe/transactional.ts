import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';

const TRANSACTIONAL = Symbol.for('event-router.dedupe.transactional');

/** A handler result asking the dedupe layer to commit `writes` atomically with the processed marker. */
export interface TransactionalResult<TResponse = undefined> {
  readonly [TRANSACTIONAL]: true;
  readonly writes: readonly TransactWriteItem[];
  readonly response: TResponse | undefined;
}

/**
 * Wraps DynamoDB writes a handler wants applied exactly once: the dedupe layer commits them in ONE
 * TransactWriteItems with the event's marker, so either both happen or neither (at most 99 writes).
 */
export function transactional<TResponse = undefined>(writes: readonly TransactWriteItem[], response?: TResponse): TransactionalResult<TResponse> {
  return { [TRANSACTIONAL]: true, writes, response };
}

/** Whether a handler's return value came from `transactional()`. */
export function isTransactionalResult(value: unknown): value is TransactionalResult<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TRANSACTIONAL] === true;
}
