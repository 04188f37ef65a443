import { ChangeMessageVisibilityBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueRef } from './types';

/** How long a read message stays hidden before it would reappear on its own, if the reader died. @default 30 s */
export const DEFAULT_HOLD_SECONDS = 30;

/**
 * Receives up to 10 messages with every attribute, hidden for `holdSeconds`. A short long-poll (1 s) asks every SQS
 * server, so an empty answer means the queue has nothing receivable now.
 */
export async function receiveBatch(sqs: SQSClient, queue: QueueRef, holdSeconds: number): Promise<Message[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      VisibilityTimeout: holdSeconds,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return out.Messages ?? [];
}

/** Makes read messages visible again at once (visibility 0): a reader that only looked leaves the queue as it was. */
export async function releaseMessages(sqs: SQSClient, queue: QueueRef, messages: readonly Message[]): Promise<number> {
  let failed = 0;
  for (let start = 0; start < messages.length; start += 10) {
    const chunk = messages.slice(start, start + 10);
    try {
      const out = await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queue.url,
          Entries: chunk.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 0 })),
        }),
      );
      failed += out.Failed?.length ?? 0;
    } catch {
      // They reappear by themselves when the hold runs out.
      failed += chunk.length;
    }
  }
  return failed;
}
