import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  InvalidAttributeName,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  QueueNameExists,
  ReceiptHandleIsInvalid,
  SendMessageCommand,
  SetQueueAttributesCommand,
  type SQSClient,
  TagQueueCommand,
  DeleteMessageCommand,
} from '@aws-sdk/client-sqs';
import { bodies, counts, createFifoQueue, createStandardQueue, receive, type SqsHarness, startHarness, uniqueName } from './sqs-harness';

let harness: SqsHarness;
let client: SQSClient;
beforeAll(async () => {
  harness = await startHarness();
  client = harness.client;
});
afterAll(() => harness.stop());

describe('queues', () => {
  test('CreateQueue returns the URL http://127.0.0.1:<port>/<account>/<name> and GetQueueUrl finds it', async () => {
    const name = uniqueName('consumer-queue', true);
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true' } }));

    expect(QueueUrl).toBe(`${harness.sqs.endpoint}/000000000000/${name}`);
    expect((await client.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl).toBe(QueueUrl);
  });

  test('GetQueueUrl for another account throws QueueDoesNotExist', async () => {
    const queueUrl = await createStandardQueue(client);

    await expect(
      client.send(new GetQueueUrlCommand({ QueueName: queueUrl.split('/').at(-1), QueueOwnerAWSAccountId: '111111111111' })),
    ).rejects.toBeInstanceOf(QueueDoesNotExist);
  });

  test('GetQueueAttributes returns the ARN, the settings and the message counts', async () => {
    const queueUrl = await createFifoQueue(client, { VisibilityTimeout: '45', KmsMasterKeyId: 'alias/aws/sqs' });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a1', MessageGroupId: 'A' }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'b1', MessageGroupId: 'B' }));
    await receive(client, queueUrl, { MaxNumberOfMessages: 1 });

    const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));

    expect(Attributes).toMatchObject({
      QueueArn: `arn:aws:sqs:us-east-1:000000000000:${queueUrl.split('/').at(-1)}`,
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
      VisibilityTimeout: '45',
      KmsMasterKeyId: 'alias/aws/sqs',
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '1',
    });
  });

  test('creating an existing queue with the same or no attributes returns its URL; with different ones throws QueueNameExists', async () => {
    const name = uniqueName('twice', false);
    const first = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '30' } }));
    const again = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '30' } }));

    expect(again.QueueUrl).toBe(first.QueueUrl);
    expect((await client.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl).toBe(first.QueueUrl);
    await expect(client.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '31' } }))).rejects.toBeInstanceOf(
      QueueNameExists,
    );
  });

  test('a bare CreateQueue of an existing FIFO queue returns its URL', async () => {
    const queueUrl = await createFifoQueue(client);

    const again = await client.send(new CreateQueueCommand({ QueueName: queueUrl.split('/').at(-1) }));

    expect(again.QueueUrl).toBe(queueUrl);
  });

  test('a FIFO queue name must end in .fifo, and a .fifo name needs FifoQueue=true', async () => {
    await expect(client.send(new CreateQueueCommand({ QueueName: 'no-suffix', Attributes: { FifoQueue: 'true' } }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await expect(client.send(new CreateQueueCommand({ QueueName: 'suffix.fifo' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  test('an unknown queue attribute is refused with InvalidAttributeName', async () => {
    // The SDK types only allow known names; a hand-written or CLI request can still send others.
    const Attributes = { Colour: 'blue' } as Record<string, string>;
    await expect(
      client.send(new CreateQueueCommand({ QueueName: uniqueName('odd', false), Attributes })),
    ).rejects.toBeInstanceOf(InvalidAttributeName);
  });

  test('an out-of-range attribute value is refused with InvalidAttributeValue', async () => {
    await expect(
      client.send(new CreateQueueCommand({ QueueName: uniqueName('odd', false), Attributes: { VisibilityTimeout: '43201' } })),
    ).rejects.toMatchObject({ name: 'InvalidAttributeValue' });
  });

  test('SetQueueAttributes changes a setting', async () => {
    const queueUrl = await createStandardQueue(client);
    await client.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: '120' } }));

    const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['VisibilityTimeout'] }));

    expect(Attributes).toEqual({ VisibilityTimeout: '120' });
  });

  test('ListQueues filters by name prefix', async () => {
    const a = await createStandardQueue(client, {}, 'listing-x');
    const b = await createFifoQueue(client, {}, 'listing-x');
    await createStandardQueue(client, {}, 'listing-y');

    const { QueueUrls } = await client.send(new ListQueuesCommand({ QueueNamePrefix: 'listing-x' }));

    expect(QueueUrls?.sort()).toEqual([a, b].sort());
  });

  test('ListDeadLetterSourceQueues names the queues that redrive to a DLQ', async () => {
    const dlqUrl = await createFifoQueue(client, {}, 'dlq');
    const sourceUrl = await createFifoQueue(client, {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: harness.sqs.queueArn(dlqUrl.split('/').at(-1)!), maxReceiveCount: 5 }),
    });

    const result = await client.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }));

    expect(result.queueUrls).toEqual([sourceUrl]);
  });

  test('tags given at creation and by TagQueue are listed', async () => {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: uniqueName('tagged', false), tags: { team: 'orders' } }));
    await client.send(new TagQueueCommand({ QueueUrl, Tags: { stage: 'local' } }));

    expect((await client.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ team: 'orders', stage: 'local' });
  });

  test('PurgeQueue deletes every message', async () => {
    const queueUrl = await createStandardQueue(client);
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a' }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'b' }));

    await client.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));

    expect(await counts(client, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  test('after DeleteQueue, calls on the queue throw QueueDoesNotExist', async () => {
    const queueUrl = await createStandardQueue(client);
    await client.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));

    await expect(client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x' }))).rejects.toBeInstanceOf(QueueDoesNotExist);
    await expect(client.send(new GetQueueUrlCommand({ QueueName: queueUrl.split('/').at(-1) }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
    });
  });

  test('a receipt handle from another queue is refused with ReceiptHandleIsInvalid', async () => {
    const one = await createStandardQueue(client);
    const other = await createStandardQueue(client);
    await client.send(new SendMessageCommand({ QueueUrl: one, MessageBody: 'x' }));
    const [message] = await receive(client, one);

    await expect(client.send(new DeleteMessageCommand({ QueueUrl: other, ReceiptHandle: message.ReceiptHandle }))).rejects.toBeInstanceOf(
      ReceiptHandleIsInvalid,
    );
  });
});

describe('messages', () => {
  test('message attributes are returned when asked for, with the MD5 the SDK checks', async () => {
    const queueUrl = await createStandardQueue(client);
    const sent = await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: 'with attributes',
        MessageAttributes: {
          'trace.id': { DataType: 'String', StringValue: 'abc' },
          attempt: { DataType: 'Number', StringValue: '3' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
        },
      }),
    );

    const [message] = await receive(client, queueUrl, { MessageAttributeNames: ['All'] });

    expect(message.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(message.MessageAttributes?.attempt).toEqual({ DataType: 'Number', StringValue: '3' });
    expect(Array.from(message.MessageAttributes?.blob.BinaryValue ?? [])).toEqual([1, 2, 3]);
  });

  test('an AWSTraceHeader system attribute is kept and returned', async () => {
    const queueUrl = await createStandardQueue(client);
    const sent = await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: 'traced',
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793' } },
      }),
    );

    const [message] = await receive(client, queueUrl, { MessageSystemAttributeNames: ['AWSTraceHeader'] });

    expect(sent.MD5OfMessageSystemAttributes).toMatch(/^[0-9a-f]{32}$/);
    expect(message.Attributes).toEqual({ AWSTraceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793' });
  });

  test('MessageAttributeNames selects attributes by name and by prefix.*', async () => {
    const queueUrl = await createStandardQueue(client);
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: 'x',
        MessageAttributes: {
          'trace.id': { DataType: 'String', StringValue: 'abc' },
          'trace.parent': { DataType: 'String', StringValue: 'def' },
          other: { DataType: 'String', StringValue: 'ghi' },
        },
      }),
    );

    const [message] = await receive(client, queueUrl, { MessageAttributeNames: ['trace.*'] });

    expect(Object.keys(message.MessageAttributes ?? {}).sort()).toEqual(['trace.id', 'trace.parent']);
  });

  test('a standard queue accepts a per-message DelaySeconds', async () => {
    const queueUrl = await createStandardQueue(client, { VisibilityTimeout: '300' });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'later', DelaySeconds: 30 }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'now' }));

    expect(bodies(await receive(client, queueUrl))).toEqual(['now']);
    harness.clock.advance(30_000);
    expect(bodies(await receive(client, queueUrl))).toEqual(['later']);
  });

  test('characters SQS does not allow are replaced by U+FFFD, and the send still passes the SDK checksum', async () => {
    const queueUrl = await createStandardQueue(client);
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a\u0000b\u0008c' }));

    expect(bodies(await receive(client, queueUrl))).toEqual(['a\uFFFDb\uFFFDc']);
  });

  test('a body with no character SQS allows is refused with InvalidMessageContents', async () => {
    const queueUrl = await createStandardQueue(client);

    await expect(client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '\u0000\u0001' }))).rejects.toMatchObject({
      name: 'InvalidMessageContents',
    });
  });

  test('a standard queue refuses a MessageDeduplicationId', async () => {
    const queueUrl = await createStandardQueue(client);

    await expect(
      client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x', MessageDeduplicationId: 'd' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  test('a body over MaximumMessageSize is refused with InvalidParameterValue', async () => {
    const queueUrl = await createStandardQueue(client, { MaximumMessageSize: '1024' });

    await expect(client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x'.repeat(1025) }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  test('messages older than MessageRetentionPeriod are dropped', async () => {
    const queueUrl = await createStandardQueue(client, { MessageRetentionPeriod: '60' });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'stale' }));

    harness.clock.advance(60_000);

    expect(await receive(client, queueUrl)).toEqual([]);
  });

  test('MaxNumberOfMessages outside 1-10 is refused with InvalidParameterValue', async () => {
    const queueUrl = await createStandardQueue(client);

    await expect(receive(client, queueUrl, { MaxNumberOfMessages: 11 })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  test('the live view reports visible, in-flight and the age of the oldest message', async () => {
    const queueUrl = await createFifoQueue(client, { VisibilityTimeout: '300' });
    const name = queueUrl.split('/').at(-1)!;
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a1', MessageGroupId: 'A' }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'b1', MessageGroupId: 'B' }));
    await receive(client, queueUrl, { MaxNumberOfMessages: 1 });
    harness.clock.advance(42_000);

    expect(harness.sqs.stats(name)).toEqual({ visible: 1, inFlight: 1, delayed: 0, messages: 2, oldestAgeSeconds: 42 });
    expect(harness.sqs.stats(harness.sqs.queueArn(name))?.messages).toBe(2);
    expect(harness.sqs.stats('no-such-queue')).toBeUndefined();
  });
});
