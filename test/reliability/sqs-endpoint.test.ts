import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { awsCli, rawPost, sdkError, startEndpoints, type Endpoints } from './support';

// Bad input to the local SQS endpoint through the SDK, raw HTTP and the real AWS CLI: each row of
// docs/reliability.md with an id SQS-nn is one test here.

let e: Endpoints;
let queue: string;
const dir = mkdtempSync(join(tmpdir(), 'reliability-sqs-'));
beforeAll(async () => {
  e = await startEndpoints();
  queue = e.sqs.queueUrl('orders.fifo');
});
afterAll(async () => {
  await e.stop();
  rmSync(dir, { recursive: true, force: true });
});

const send = (input: Record<string, unknown>) => e.sqsClient.send(new SendMessageCommand({ QueueUrl: queue, ...input } as never));
const raw = (target: string, body: unknown) => rawPost(e.sqs.endpoint, `AmazonSQS.${target}`, JSON.stringify(body), 'application/x-amz-json-1.0');

describe('local SQS endpoint', () => {
  test('SQS-01: a queue URL that names no queue is QueueDoesNotExist, saying what to check', async () => {
    expect(await sdkError(send({ QueueUrl: e.sqs.queueUrl('nope'), MessageBody: 'x' }))).toEqual({
      name: 'QueueDoesNotExist',
      message: 'The specified queue does not exist: nope. Create it first (CreateQueue), or check the name, account and region in the URL.',
    });
  });

  test('SQS-02: a FIFO send without MessageGroupId is MissingParameter naming the queue', async () => {
    expect(await sdkError(send({ MessageBody: 'x' }))).toEqual({
      name: 'MissingParameter',
      message: 'The request must contain the parameter MessageGroupId. Every message sent to the FIFO queue orders.fifo needs one.',
    });
  });

  test('SQS-03: MaxNumberOfMessages 11 is InvalidParameterValue with the range', async () => {
    expect((await sdkError(e.sqsClient.send(new ReceiveMessageCommand({ QueueUrl: queue, MaxNumberOfMessages: 11 })))).message).toBe(
      'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
    );
  });

  test('SQS-04: a receipt handle never issued is ReceiptHandleIsInvalid saying where handles come from', async () => {
    expect(await sdkError(e.sqsClient.send(new DeleteMessageCommand({ QueueUrl: queue, ReceiptHandle: 'bogus' })))).toMatchObject({
      name: 'ReceiptHandleIsInvalid',
      message: expect.stringContaining('use the ReceiptHandle of a ReceiveMessage response'),
    });
  });

  test('SQS-05: a visibility timeout of 50,000 s is InvalidParameterValue with the range', async () => {
    expect(
      (await sdkError(e.sqsClient.send(new ChangeMessageVisibilityCommand({ QueueUrl: queue, ReceiptHandle: 'bogus', VisibilityTimeout: 50_000 })))).message,
    ).toContain('Must be between 0 and 43200');
  });

  test('SQS-06: a batch with a repeated Id is BatchEntryIdsNotDistinct', async () => {
    const entries = [{ Id: 'a', MessageBody: 'x', MessageGroupId: 'g' }, { Id: 'a', MessageBody: 'y', MessageGroupId: 'g' }];
    expect(await sdkError(e.sqsClient.send(new SendMessageBatchCommand({ QueueUrl: queue, Entries: entries })))).toMatchObject({
      name: 'BatchEntryIdsNotDistinct',
      message: 'Id a repeated. Every entry of a batch needs its own Id.',
    });
  });

  test('SQS-07: a batch of 11 entries is TooManyEntriesInBatchRequest', async () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x', MessageGroupId: 'g' }));
    expect((await sdkError(e.sqsClient.send(new SendMessageBatchCommand({ QueueUrl: queue, Entries: entries })))).name).toBe('TooManyEntriesInBatchRequest');
  });

  test('SQS-08: a 300 KB message is InvalidParameterValue with its size and the limit', async () => {
    expect((await sdkError(send({ MessageBody: 'x'.repeat(300_000), MessageGroupId: 'g' }))).message).toMatch(
      /Message must be shorter than 262144 bytes \(this one is 300000 bytes, body plus attributes; queue orders\.fifo\)/,
    );
  });

  test('SQS-09: a body of invalid characters only is InvalidMessageContents listing what SQS accepts', async () => {
    expect(await sdkError(send({ MessageBody: '\u0000\u0001', MessageGroupId: 'g' }))).toMatchObject({
      name: 'InvalidMessageContents',
      message: expect.stringContaining('encode binary data (e.g. base64)'),
    });
  });

  test('SQS-10: a per-message DelaySeconds on a FIFO queue is InvalidParameterValue saying FIFO takes a queue-level delay', async () => {
    expect((await sdkError(send({ MessageBody: 'x', MessageGroupId: 'g', DelaySeconds: 5 }))).message).toContain('FIFO queues only take a queue-level DelaySeconds');
  });

  test('SQS-11: a Number attribute that is no number is InvalidParameterValue', async () => {
    const MessageAttributes = { k: { DataType: 'Number', StringValue: 'abc' } };
    expect((await sdkError(send({ MessageBody: 'x', MessageGroupId: 'g', MessageAttributes }))).message).toBe(
      "Can't cast the value of message (user) attribute 'k' to a number.",
    );
  });

  test('SQS-12: CreateQueue with an unknown attribute is InvalidAttributeName listing the settable ones', async () => {
    expect(await sdkError(e.sqsClient.send(new CreateQueueCommand({ QueueName: 'q', Attributes: { Bogus: '1' } as never })))).toMatchObject({
      name: 'InvalidAttributeName',
      message: expect.stringContaining('Settable queue attributes: VisibilityTimeout'),
    });
  });

  test('SQS-13: CreateQueue "x.fifo" without FifoQueue=true is InvalidParameterValue saying what is needed', async () => {
    expect((await sdkError(e.sqsClient.send(new CreateQueueCommand({ QueueName: 'x.fifo' })))).message).toContain('A name ending in .fifo needs the attribute FifoQueue=true');
  });

  test('SQS-14: MessageBody sent as an object is SerializationException naming the member, not MissingParameter', async () => {
    expect((await raw('SendMessage', { QueueUrl: queue, MessageBody: { a: 1 }, MessageGroupId: 'g' })).json).toEqual({
      __type: 'com.amazonaws.sqs#SerializationException',
      message: 'Start of structure or map found where not expected. (MessageBody must be a string; got {"a":1}).',
    });
  });

  test('SQS-15: QueueUrl sent as a number is SerializationException naming the member', async () => {
    expect((await raw('SendMessage', { QueueUrl: 123, MessageBody: 'x' })).json).toMatchObject({
      __type: 'com.amazonaws.sqs#SerializationException',
      message: expect.stringMatching(/^class com\.amazon\.coral\.value\.json\.numbers\.TruncatingBigNumber can not be converted to an String \(QueueUrl must be a string/),
    });
  });

  test('SQS-16: a body that is not JSON is SerializationException', async () => {
    const res = await rawPost(e.sqs.endpoint, 'AmazonSQS.SendMessage', 'nope', 'application/x-amz-json-1.0');
    expect(res.json).toMatchObject({ __type: 'com.amazonaws.sqs#SerializationException', message: expect.stringContaining('AWS JSON 1.0 requests carry a JSON object') });
  });

  test('SQS-17: an operation the endpoint does not implement is UnsupportedOperation pointing at the docs', async () => {
    expect((await raw('AddPermission', { QueueUrl: queue })).json).toMatchObject({
      __type: 'com.amazonaws.sqs#UnsupportedOperation',
      message: expect.stringContaining('see docs/local-sqs.md'),
    });
  });

  test('SQS-18: the real AWS CLI sending to a missing queue gets QueueDoesNotExist, exit 255', async () => {
    const run = await awsCli(['sqs', 'send-message', '--endpoint-url', e.sqs.endpoint, '--queue-url', e.sqs.queueUrl('nope'), '--message-body', 'x']);
    expect(run.code).toBe(255);
    expect(run.stderr).toContain('The specified queue does not exist: nope');
  });

  test('SQS-19: the real AWS CLI sending a 300 KB file body gets the size and the limit', async () => {
    const file = join(dir, 'big.txt');
    writeFileSync(file, 'x'.repeat(300_000));
    const run = await awsCli(['sqs', 'send-message', '--endpoint-url', e.sqs.endpoint, '--queue-url', queue, '--message-body', `file://${file}`, '--message-group-id', 'g']);
    expect(run.code).toBe(255);
    expect(run.stderr).toContain('Message must be shorter than 262144 bytes');
  });
});
