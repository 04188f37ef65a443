import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { type LocalSqs, startSqs } from '../../../local/sqs/index';

const OPERATIONS = [
  'CreateQueue',
  'GetQueueUrl',
  'ListQueues',
  'GetQueueAttributes',
  'SetQueueAttributes',
  'SendMessage',
  'SendMessageBatch',
  'ReceiveMessage',
  'DeleteMessage',
  'DeleteMessageBatch',
  'ChangeMessageVisibility',
  'ChangeMessageVisibilityBatch',
  'PurgeQueue',
  'TagQueue',
  'ListQueueTags',
  'StartMessageMoveTask',
];

let sqs: LocalSqs;
let client: SQSClient;
let queueUrl: string;
beforeAll(async () => {
  sqs = await startSqs();
  client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  queueUrl = (await client.send(new CreateQueueCommand({ QueueName: 'fuzzed.fifo', Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
});
afterAll(async () => {
  client.destroy();
  await sqs.stop();
});

async function call(operation: string, body: string): Promise<Response> {
  return fetch(sqs.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${operation}` },
    body,
  });
}

// Values shaped like the real parameters, plus arbitrary JSON, so the fuzzer reaches deep into each operation.
const parameterValue = fc.oneof(
  fc.constant(undefined),
  fc.string(),
  fc.integer({ min: -5, max: 50_000 }),
  fc.constantFrom('All', 'true', 'A', 'x.fifo', 'not-a-handle', '{"maxReceiveCount":1}'),
  fc.dictionary(fc.constantFrom('FifoQueue', 'VisibilityTimeout', 'RedrivePolicy', 'DataType', 'StringValue', 'Colour'), fc.string()),
  fc.array(fc.record({ Id: fc.string(), MessageBody: fc.string(), ReceiptHandle: fc.string(), MessageGroupId: fc.string() }), { maxLength: 12 }),
  fc.jsonValue(),
);
const input = fc.record(
  {
    QueueUrl: fc.oneof(fc.constant('QUEUE'), fc.string()),
    QueueName: fc.string(),
    MessageBody: parameterValue,
    MessageGroupId: parameterValue,
    MessageDeduplicationId: parameterValue,
    Attributes: parameterValue,
    AttributeNames: parameterValue,
    Entries: parameterValue,
    MaxNumberOfMessages: parameterValue,
    VisibilityTimeout: parameterValue,
    ReceiptHandle: parameterValue,
    MessageAttributes: parameterValue,
    DelaySeconds: parameterValue,
  },
  { requiredKeys: [] },
);

describe('AWS JSON 1.0 protocol adapter under arbitrary input', () => {
  test('every request gets a 200 or an AWS-shaped error, never a crash or a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OPERATIONS), input, async (operation, fields) => {
        const body = JSON.stringify(fields).replaceAll('"QUEUE"', JSON.stringify(queueUrl));
        const response = await call(operation, body);
        const payload = (await response.json()) as Record<string, unknown>;
        if (response.status === 200) return;
        expect([400, 403, 404]).toContain(response.status);
        expect(payload.__type).toMatch(/^com\.amazonaws\.sqs#\w+$/);
        expect(typeof payload.message).toBe('string');
        expect(response.headers.get('x-amzn-query-error')).toMatch(/^[\w.]+;Sender$/);
      }),
      { numRuns: 300 },
    );
  });

  test('a body that is not JSON is refused with SerializationException', async () => {
    const response = await call('SendMessage', '{not json');

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'com.amazonaws.sqs#SerializationException' });
  });

  test('the endpoint still serves after the fuzzing', async () => {
    const sent = await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'still alive', MessageGroupId: 'A', MessageDeduplicationId: 'z' }));

    expect(sent.MessageId).toBeDefined();
  });
});
