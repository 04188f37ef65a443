import { OpsInputError } from './errors';
import type { ParkedMessage } from './parked-message';
import { DLQ_KINDS, type ConsumerResources, type DlqKind, type QueueRef } from './types';

/** A dead-letter queue of a consumer and the queue its messages go back to on redrive. */
export interface DlqRoute {
  readonly consumer: string;
  readonly kind: DlqKind;
  readonly dlq: QueueRef;
  readonly destination: QueueRef;
  /** The MessageGroupId a redriven message gets on a FIFO destination; undefined when it has none to keep. */
  groupOf(message: ParkedMessage): string | undefined;
}

/**
 * The route of `--queue <kind>`: `consumer` (the consumer queue's DLQ, back to the consumer queue in the message's own
 * group, the entity), `buffer` (the buffer queue's DLQ, back to the buffer queue in its group) and `target` (the rule
 * target's standard DLQ, back to the buffer queue in the rule target's static group, as EventBridge would have sent it).
 */
export function dlqRoute(consumer: ConsumerResources, kind: DlqKind = 'consumer'): DlqRoute {
  if (!DLQ_KINDS.includes(kind)) throw new OpsInputError(`--queue must be one of ${DLQ_KINDS.join(', ')}; got ${JSON.stringify(kind)}.`);
  const pick = (dlq: QueueRef | undefined, destination: QueueRef | undefined, groupOf: (m: ParkedMessage) => string | undefined): DlqRoute => {
    if (dlq === undefined || destination === undefined) {
      throw new OpsInputError(`Consumer ${consumer.name} has no ${kind} dead-letter queue (or no queue to send it back to). Try --queue ${DLQ_KINDS.filter((k) => k !== kind).join(' or --queue ')}.`);
    }
    return { consumer: consumer.name, kind, dlq, destination, groupOf };
  };
  switch (kind) {
    case 'consumer':
      return pick(consumer.deadLetterQueue, consumer.queue, (m) => m.entity);
    case 'buffer':
      return pick(consumer.bufferDeadLetterQueue, consumer.bufferQueue, (m) => m.entity ?? consumer.bufferGroupId ?? consumer.name);
    case 'target':
      return pick(consumer.targetDeadLetterQueue, consumer.bufferQueue, () => consumer.bufferGroupId ?? consumer.name);
  }
}

/** Every DLQ of a consumer with its kind. */
export function dlqsOf(consumer: ConsumerResources): { kind: DlqKind; queue: QueueRef }[] {
  const all: [DlqKind, QueueRef | undefined][] = [
    ['consumer', consumer.deadLetterQueue],
    ['buffer', consumer.bufferDeadLetterQueue],
    ['target', consumer.targetDeadLetterQueue],
  ];
  return all.flatMap(([kind, queue]) => (queue === undefined ? [] : [{ kind, queue }]));
}
