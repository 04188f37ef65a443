import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DeleteMessageCommand, GetQueueAttributesCommand, type Message, SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createFifoQueue, createStandardQueue, receive, type SqsHarness, startHarness } from './sqs-harness';

// AWS-recorded behaviour (LocalStack's AWS-validated snapshots); read in place, never copied.
const SNAPSHOT = resolve(import.meta.dirname, '../../../../shared/conformance/eventbridge/test_lambda_integration_sqs.snapshot.json');
const PREFIX = 'tests/aws/services/lambda_/event_source_mapping/test_lambda_integration_sqs.py::';

interface RecordedRecord {
  messageId: string;
  body: unknown;
  attributes: Record<string, string>;
}
interface RecordedInvocation {
  Messages: { Body: { event: { Records: RecordedRecord[] }; result: { batchItemFailures: { itemIdentifier: string }[] } } }[];
}

const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Record<string, { 'recorded-content': Record<string, unknown> }>;
const recorded = snapshot[`${PREFIX}test_report_batch_item_failures`]['recorded-content'];
const invocation = (name: string) => (recorded[name] as RecordedInvocation).Messages[0].Body;

let harness: SqsHarness;
let client: SQSClient;
beforeAll(async () => {
  harness = await startHarness();
  client = harness.client;
});
afterAll(() => harness.stop());

/** Does what the event source mapping does with a batch result: deletes the records not reported as failed. */
async function settle(queueUrl: string, received: Message[], failedPlaceholders: string[], idOf: Map<string, string>): Promise<void> {
  const failed = new Set(failedPlaceholders.map((placeholder) => idOf.get(placeholder)));
  for (const message of received) {
    if (!failed.has(message.MessageId)) await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
  }
}

describe('conformance with AWS: FIFO batch with ReportBatchItemFailures (test_report_batch_item_failures)', () => {
  test('receives, redeliveries and the DLQ move happen as AWS recorded them', async () => {
    const first = invocation('first_invocation');
    const second = invocation('second_invocation');
    const dlqUrl = await createFifoQueue(client, {}, 'conformance-dlq');
    const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
    // The recorded test sends failing messages to the DLQ after their second receive.
    const queueUrl = await createFifoQueue(client, {
      ContentBasedDeduplication: 'false',
      VisibilityTimeout: '30',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 2 }),
    });
    await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: first.event.Records.map((record, index) => ({
          Id: `message-${index + 1}`,
          MessageBody: JSON.stringify(record.body),
          MessageGroupId: record.attributes.MessageGroupId,
          MessageDeduplicationId: record.attributes.MessageDeduplicationId,
        })),
      }),
    );

    // First poll: all four messages of the one group in one batch, in order, received once.
    const firstBatch = await receive(client, queueUrl);
    expect(firstBatch.map((m) => JSON.parse(m.Body!))).toEqual(first.event.Records.map((r) => r.body));
    expect(firstBatch.map((m) => Object.keys(m.Attributes!).filter((k) => k in first.event.Records[0].attributes).sort())).toEqual(
      first.event.Records.map((r) => Object.keys(r.attributes).sort()),
    );
    expect(firstBatch.map((m) => m.Attributes!.ApproximateReceiveCount)).toEqual(first.event.Records.map((r) => r.attributes.ApproximateReceiveCount));
    expect(firstBatch.map((m) => m.Attributes!.MessageDeduplicationId)).toEqual(first.event.Records.map((r) => r.attributes.MessageDeduplicationId));
    const idOf = new Map(first.event.Records.map((record, index) => [record.messageId, firstBatch[index].MessageId!]));
    await settle(queueUrl, firstBatch, first.result.batchItemFailures.map((f) => f.itemIdentifier), idOf);

    // Nothing of the group comes back while the failed messages are in flight.
    expect(await receive(client, queueUrl)).toEqual([]);
    harness.clock.advance(30_000);

    // Second poll: the failed messages, in order, received twice.
    const secondBatch = await receive(client, queueUrl);
    expect(secondBatch.map((m) => m.MessageId)).toEqual(second.event.Records.map((r) => idOf.get(r.messageId)));
    expect(secondBatch.map((m) => m.Attributes!.ApproximateReceiveCount)).toEqual(second.event.Records.map((r) => r.attributes.ApproximateReceiveCount));
    await settle(queueUrl, secondBatch, second.result.batchItemFailures.map((f) => f.itemIdentifier), idOf);
    harness.clock.advance(30_000);

    // The message that failed twice is in the DLQ with its MessageId and body.
    expect(await receive(client, queueUrl)).toEqual([]);
    const dlq = await receive(client, dlqUrl);
    const expected = (recorded.dlq_response as { Messages: { MessageId: string; Body: unknown }[] }).Messages;
    expect(dlq.map((m) => m.MessageId)).toEqual(expected.map((m) => idOf.get(m.MessageId)));
    expect(dlq.map((m) => JSON.parse(m.Body!))).toEqual(expected.map((m) => m.Body));
  });
});

describe('conformance with AWS: standard queue redrive (test_redrive_policy_with_failing_lambda)', () => {
  const redrive = snapshot[`${PREFIX}test_redrive_policy_with_failing_lambda`]['recorded-content'];
  const attempt = (name: string) => (redrive[name] as RecordedInvocation).Messages[0].Body.event.Records[0];

  test('two failed receives, then the message is in the DLQ with its MessageId and body', async () => {
    const dlqUrl = await createStandardQueue(client, {}, 'conformance-std-dlq');
    const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
    const queueUrl = await createStandardQueue(client, {
      VisibilityTimeout: '30',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 2 }),
    });
    const first = attempt('first_attempt');
    const sent = await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: first.body as string }));

    const counts: string[] = [];
    for (const name of ['first_attempt', 'second_attempt']) {
      const [message] = await receive(client, queueUrl);
      expect(message.Body).toBe(attempt(name).body);
      counts.push(message.Attributes!.ApproximateReceiveCount!);
      harness.clock.advance(30_000);
    }

    expect(counts).toEqual([first.attributes.ApproximateReceiveCount, attempt('second_attempt').attributes.ApproximateReceiveCount]);
    expect(await receive(client, queueUrl)).toEqual([]);
    const dlq = await receive(client, dlqUrl);
    const expected = (redrive.dlq_response as { Messages: { MessageId: string; Body: unknown }[] }).Messages;
    // The snapshot's DLQ MessageId is the same placeholder as the records' messageId: the id survives the move.
    expect(expected[0].MessageId).toBe(first.messageId);
    expect(dlq.map((m) => m.MessageId)).toEqual([sent.MessageId]);
    expect(JSON.parse(dlq[0].Body!)).toEqual(expected[0].Body);
  });
});
