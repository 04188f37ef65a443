import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { toSqsId } from '../forwarding/index';
import { SequencingStoreError } from './errors';
import type { HeldEvent } from './cursor-store';

/**
 * Sends a held event back to the consumer queue, in its entity's message group, once its gap was
 * closed from outside the consumer (gap skip, parked skip, new-entity adoption, a drain the consumer
 * could not finish). The consumer then applies it and drains the entity's other held events. Its
 * deduplication id is new: SQS would drop a copy with the original one for 5 minutes.
 */
export async function releaseHeldEvent(sqs: SQSClient, queueUrl: string, held: HeldEvent, now: number = Date.now()): Promise<void> {
  try {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: held.body,
        MessageGroupId: held.entity,
        // An eventId is any non-empty string; SQS takes only printable ASCII ids (hashed otherwise, as the forwarder does).
        MessageDeduplicationId: toSqsId(`${held.eventId.slice(0, 80)}-release-${now}`),
      }),
    );
  } catch (error) {
    throw new SequencingStoreError(`Re-sending held event ${held.eventId} (${held.entity} #${held.sequence}) to ${queueUrl} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
