import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { parkMessage } from '../../../runtime/fifo/park-message';

const sqs = mockClient(SQSClient);
const record = {
  messageId: 'm-1',
  body: '{"detail":{}}',
  attributes: { MessageGroupId: 'ord_1', ApproximateReceiveCount: '1' },
} as unknown as SQSRecord;

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'dlq-1' });
});

describe('parkMessage', () => {
  test('parks in the same group with the reason, the entity and the sequence', async () => {
    await parkMessage(new SQSClient({ region: 'us-east-1' }), 'https://dlq', record, new RangeError('quantity must be positive'), {
      eventId: 'evt-1',
      entity: 'ord_1',
      sequence: 3,
    });
    const input = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ QueueUrl: 'https://dlq', MessageBody: record.body, MessageGroupId: 'ord_1', MessageDeduplicationId: 'm-1' });
    expect(input.MessageAttributes).toMatchObject({
      ErrorType: { StringValue: 'RangeError' },
      ErrorMessage: { StringValue: 'quantity must be positive' },
      ParkedBy: { StringValue: 'consumer' },
      EventId: { StringValue: 'evt-1' },
      Entity: { StringValue: 'ord_1' },
      Sequence: { DataType: 'Number', StringValue: '3' },
    });
  });

  test('a huge eventId and reason are cut to bounded attributes, so an event near the size limit still parks', async () => {
    await parkMessage(new SQSClient({ region: 'us-east-1' }), 'https://dlq', record, new Error('x'.repeat(50_000)), { eventId: 'é'.repeat(5_000) });
    const attributes = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageAttributes!;
    expect(Buffer.byteLength(attributes['EventId']!.StringValue!, 'utf8')).toBeLessThanOrEqual(256);
    expect(Buffer.byteLength(attributes['ErrorMessage']!.StringValue!, 'utf8')).toBeLessThanOrEqual(1024);
  });
});
