import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SqsEventSource, type Invoker, type SqsEventRecord } from '../../../local/event-sources';
import { startSqs, type LocalSqs } from '../../../local/sqs';

/** A function that records every batch and answers with `respond`. */
function recorder(respond: (records: SqsEventRecord[], call: number) => unknown): Invoker & { batches: SqsEventRecord[][] } {
  const batches: SqsEventRecord[][] = [];
  return {
    name: 'recorder',
    batches,
    async invoke(event: unknown) {
      const records = (event as { Records: SqsEventRecord[] }).Records;
      batches.push(records);
      return respond(records, batches.length);
    },
  };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('SqsEventSource', () => {
  let sqs: LocalSqs;
  let client: SQSClient;
  const sources: SqsEventSource[] = [];
  let n = 0;

  beforeAll(async () => {
    sqs = await startSqs();
    client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  });
  afterEach(async () => Promise.all(sources.splice(0).map((s) => s.stop())));
  afterAll(async () => {
    client.destroy();
    await sqs.stop();
  });

  async function queue(attributes: Record<string, string> = {}, fifo = false) {
    n += 1;
    const name = `q${n}${fifo ? '.fifo' : ''}`;
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: name, Attributes: { ...(fifo ? { FifoQueue: 'true' } : {}), ...attributes } }),
    );
    return { url: QueueUrl!, arn: sqs.queueArn(name) };
  }

  function source(q: { url: string; arn: string }, fn: Invoker, extra: Partial<ConstructorParameters<typeof SqsEventSource>[0]> = {}) {
    const s = new SqsEventSource({ mapping: 'Test/Mapping', sqs: client, queueUrl: q.url, queueArn: q.arn, region: 'us-east-1', fn, ...extra });
    sources.push(s);
    return s.start();
  }

  const depth = async (url: string) => {
    const { Attributes = {} } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
  };

  it('invokes with records in Lambda SQS event shape and deletes them on success', async () => {
    const q = await queue();
    await client.send(
      new SendMessageCommand({ QueueUrl: q.url, MessageBody: '{"a":1}', MessageAttributes: { Author: { DataType: 'String', StringValue: 'J' } } }),
    );
    const fn = recorder(() => null);
    source(q, fn);
    await until(() => fn.batches.length === 1);
    const [record] = fn.batches[0];
    expect(record).toMatchObject({
      body: '{"a":1}',
      eventSource: 'aws:sqs',
      eventSourceARN: q.arn,
      awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: { Author: { stringValue: 'J', stringListValues: [], binaryListValues: [], dataType: 'String' } },
    });
    expect(record.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
    await until(async () => (await depth(q.url)) === 0);
  });

  it('deletes the succeeded items and leaves the reported failures to reappear after the visibility timeout', async () => {
    const q = await queue({ VisibilityTimeout: '1' });
    await client.send(
      new SendMessageBatchCommand({ QueueUrl: q.url, Entries: ['ok-1', 'fail', 'ok-2'].map((body, i) => ({ Id: String(i), MessageBody: body })) }),
    );
    const fn = recorder((records, call) => ({
      batchItemFailures: call === 1 ? records.filter((r) => r.body === 'fail').map((r) => ({ itemIdentifier: r.messageId })) : [],
    }));
    source(q, fn, { reportBatchItemFailures: true, concurrency: 1 });
    await until(() => fn.batches.length === 2);
    expect(fn.batches[0].map((r) => r.body).sort()).toEqual(['fail', 'ok-1', 'ok-2']);
    expect(fn.batches[1].map((r) => [r.body, r.attributes.ApproximateReceiveCount])).toEqual([['fail', '2']]);
    await until(async () => (await depth(q.url)) === 0);
  });

  it('keeps the whole batch when the invocation fails', async () => {
    const q = await queue({ VisibilityTimeout: '1' });
    await client.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: ['a', 'b'].map((body, i) => ({ Id: String(i), MessageBody: body })) }));
    const fn = recorder((_records, call) => {
      if (call === 1) throw new Error('boom');
      return null;
    });
    source(q, fn, { reportBatchItemFailures: true, concurrency: 1 });
    await until(() => fn.batches.length >= 2 && fn.batches.flat().length >= 4);
    expect(fn.batches.flat().filter((r) => r.attributes.ApproximateReceiveCount === '2').map((r) => r.body).sort()).toEqual(['a', 'b']);
  });

  it('treats a response naming an item outside the batch as a failure of the whole batch', async () => {
    const q = await queue({ VisibilityTimeout: '1' });
    await client.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' }));
    const fn = recorder((_r, call) => (call === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] } : {}));
    const s = source(q, fn, { reportBatchItemFailures: true, concurrency: 1 });
    await until(() => fn.batches.length === 2);
    expect(s.stats().failedInvocations).toBe(1);
  });

  it('delivers FIFO messages of one group in order, with the FIFO attributes Lambda passes', async () => {
    const q = await queue({ ContentBasedDeduplication: 'true' }, true);
    for (let i = 0; i < 25; i += 1) {
      await client.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: `m${i}`, MessageGroupId: i % 2 === 0 ? 'even' : 'odd' }));
    }
    const fn = recorder(() => ({}));
    source(q, fn, { reportBatchItemFailures: true, concurrency: 3 });
    await until(() => fn.batches.flat().length === 25);
    for (const group of ['even', 'odd']) {
      const bodies = fn.batches.flat().filter((r) => r.attributes.MessageGroupId === group).map((r) => Number(r.body.slice(1)));
      expect(bodies).toEqual([...bodies].sort((a, b) => a - b));
    }
    expect(Object.keys(fn.batches[0][0].attributes)).toEqual(
      expect.arrayContaining(['MessageGroupId', 'MessageDeduplicationId', 'SequenceNumber', 'ApproximateReceiveCount', 'SentTimestamp']),
    );
    // One receive returns several messages of a group, as AWS does.
    expect(Math.max(...fn.batches.map((b) => b.length))).toBeGreaterThan(1);
  });

  it('redelivers a failed FIFO group in order after the visibility timeout', async () => {
    const q = await queue({ ContentBasedDeduplication: 'true', VisibilityTimeout: '1' }, true);
    for (const body of ['1', '2', '3']) await client.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: body, MessageGroupId: 'g' }));
    const fn = recorder((records, call) => ({
      // First delivery: 2 fails, so 2 and everything after it in the group is reported failed.
      batchItemFailures: call === 1 ? records.filter((r) => r.body !== '1').map((r) => ({ itemIdentifier: r.messageId })) : [],
    }));
    source(q, fn, { reportBatchItemFailures: true, concurrency: 1 });
    await until(() => fn.batches.flat().length === 5);
    expect(fn.batches.map((b) => b.map((r) => r.body))).toEqual([['1', '2', '3'], ['2', '3']]);
  });

  it('deletes messages no filter matches without invoking the function', async () => {
    const q = await queue();
    const fn = recorder(() => null);
    const s = source(q, fn, { filter: (r) => (r as { body: { keep?: boolean } }).body.keep === true });
    await client.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: '{"keep":false}' }));
    await client.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: '{"keep":true}' }));
    await until(async () => (await depth(q.url)) === 0 && s.stats().filtered === 1);
    expect(fn.batches.flat().map((r) => r.body)).toEqual(['{"keep":true}']);
  });
});
