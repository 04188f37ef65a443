import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { bodies, counts, createFifoQueue, createStandardQueue, receive, type SqsHarness, startHarness, uniqueName } from './sqs-harness';

let harness: SqsHarness;
let client: SQSClient;
beforeAll(async () => {
  harness = await startHarness();
  client = harness.client;
});
afterAll(() => harness.stop());

async function arnOf(queueUrl: string): Promise<string> {
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  return Attributes!.QueueArn!;
}

async function fifoWithDlq(maxReceiveCount: number): Promise<{ queueUrl: string; dlqUrl: string; dlqArn: string }> {
  const dlqUrl = await createFifoQueue(client, {}, 'orders-dlq');
  const dlqArn = await arnOf(dlqUrl);
  const queueUrl = await createFifoQueue(client, {
    VisibilityTimeout: '30',
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
  });
  return { queueUrl, dlqUrl, dlqArn };
}

/** Receives and lets the visibility timeout run out, `times` times. */
async function failReceives(queueUrl: string, times: number): Promise<void> {
  for (let attempt = 0; attempt < times; attempt += 1) {
    expect((await receive(client, queueUrl)).length).toBeGreaterThan(0);
    harness.clock.advance(30_000);
  }
}

describe('redrive to a dead-letter queue', () => {
  test('after maxReceiveCount receives the message moves to the DLQ instead of being delivered again', async () => {
    const { queueUrl, dlqUrl } = await fifoWithDlq(3);
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'poison', MessageGroupId: 'ord_1' }));

    await failReceives(queueUrl, 3);

    expect(await receive(client, queueUrl)).toEqual([]);
    expect(bodies(await receive(client, dlqUrl))).toEqual(['poison']);
  });

  test('a FIFO message keeps its MessageId, group, deduplication id and attributes in the FIFO DLQ and names its source queue', async () => {
    const { queueUrl, dlqUrl } = await fifoWithDlq(1);
    const sent = await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: 'poison',
        MessageGroupId: 'ord_1',
        MessageDeduplicationId: 'evt-1',
        MessageAttributes: { reason: { DataType: 'String', StringValue: 'bad' } },
      }),
    );
    const [original] = await receive(client, queueUrl);
    harness.clock.advance(30_000);
    await receive(client, queueUrl);

    const [moved] = await receive(client, dlqUrl, { MessageAttributeNames: ['All'] });

    expect(moved.MessageId).toBe(sent.MessageId);
    expect(moved.Body).toBe('poison');
    expect(moved.MessageAttributes).toEqual({ reason: { DataType: 'String', StringValue: 'bad' } });
    expect(moved.Attributes).toMatchObject({
      MessageGroupId: 'ord_1',
      MessageDeduplicationId: 'evt-1',
      SentTimestamp: original.Attributes?.SentTimestamp,
      DeadLetterQueueSourceArn: await arnOf(queueUrl),
    });
    expect(moved.Attributes?.SequenceNumber).toMatch(/^\d{20}$/);
  });

  test('peek shows a DLQ message with its source and receive count without receiving it', async () => {
    const { queueUrl, dlqUrl } = await fifoWithDlq(2);
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'poison', MessageGroupId: 'ord_7' }));
    await failReceives(queueUrl, 2);
    await receive(client, queueUrl);

    const peeked = harness.sqs.peek(dlqUrl);

    expect(peeked).toEqual([
      expect.objectContaining({ body: 'poison', messageGroupId: 'ord_7', receiveCount: 2, state: 'visible', deadLetterQueueSourceArn: await arnOf(queueUrl) }),
    ]);
    expect(harness.sqs.peek(dlqUrl)?.[0].receiveCount).toBe(2);
  });

  test('a poison message blocks only its own group, and its move frees the next message of that group', async () => {
    const { queueUrl, dlqUrl } = await fifoWithDlq(2);
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a1', MessageGroupId: 'A' }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a2', MessageGroupId: 'A' }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'b1', MessageGroupId: 'B' }));

    const first = await receive(client, queueUrl, { MaxNumberOfMessages: 1 });
    expect(bodies(first)).toEqual(['a1']);
    expect(bodies(await receive(client, queueUrl))).toEqual(['b1']);
    harness.clock.advance(30_000);
    expect(bodies(await receive(client, queueUrl, { MaxNumberOfMessages: 1 }))).toEqual(['a1']);
    harness.clock.advance(30_000);

    // a1 has had its two receives: it moves, and a2 becomes the head of group A.
    expect(bodies(await receive(client, queueUrl, { MaxNumberOfMessages: 1 }))).toEqual(['a2']);
    expect(bodies(await receive(client, dlqUrl))).toEqual(['a1']);
  });

  test('a standard queue redrives to a standard DLQ', async () => {
    const dlqUrl = await createStandardQueue(client, {}, 'rule-dlq');
    const queueUrl = await createStandardQueue(client, {
      VisibilityTimeout: '30',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await arnOf(dlqUrl), maxReceiveCount: '1' }),
    });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'lost cause' }));
    await failReceives(queueUrl, 1);

    expect(await receive(client, queueUrl)).toEqual([]);
    expect(await counts(client, dlqUrl)).toEqual({ visible: 1, inFlight: 0 });
  });

  test('a RedrivePolicy naming a queue that does not exist is refused', async () => {
    await expect(
      client.send(
        new CreateQueueCommand({
          QueueName: uniqueName('orphan', true),
          Attributes: {
            FifoQueue: 'true',
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:missing.fifo', maxReceiveCount: 3 }),
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue', message: expect.stringContaining('Dead letter target does not exist') });
  });

  test('a FIFO queue cannot redrive to a standard queue', async () => {
    const dlqUrl = await createStandardQueue(client);

    await expect(
      createFifoQueue(client, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await arnOf(dlqUrl), maxReceiveCount: 3 }) }),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});
