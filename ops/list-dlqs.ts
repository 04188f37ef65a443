import { dlqsOf } from './dlq-route';
import type { DlqKind, OpsTarget } from './types';

/** One DLQ as `event-router dlq list` shows it. */
export interface DlqSummary {
  readonly consumer: string;
  readonly kind: DlqKind;
  readonly queueName: string;
  /** Visible + in flight. */
  readonly depth: number;
  readonly oldestAgeSeconds?: number;
  readonly retentionSeconds: number;
}

/** Every DLQ of every consumer with its depth and oldest age. */
export async function listDlqs(target: OpsTarget): Promise<DlqSummary[]> {
  const consumers = await target.consumers();
  const rows = await Promise.all(
    consumers.flatMap((consumer) =>
      dlqsOf(consumer).map(async ({ kind, queue }) => {
        const figures = await target.queueFigures(queue);
        return {
          consumer: consumer.name,
          kind,
          queueName: queue.name,
          depth: figures.visible + figures.inFlight,
          oldestAgeSeconds: figures.oldestAgeSeconds,
          retentionSeconds: queue.retentionSeconds,
        };
      }),
    ),
  );
  return rows;
}
