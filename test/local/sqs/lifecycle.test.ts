import { createServer } from 'node:net';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSqs } from '../../../local/sqs/index';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

test('startSqs listens on 127.0.0.1 with the default account and region, and stop() answers pending long polls and frees the port', async () => {
  const sqs = await startSqs();
  const client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'idle' }));
  const polling = client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();

  await sqs.stop();

  expect((await polling).Messages ?? []).toEqual([]);
  // Answered by stop(), not by the 20-second wait running out.
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(sqs.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(QueueUrl).toBe(`${sqs.endpoint}/000000000000/idle`);
  expect(sqs.queueArn('idle')).toBe('arn:aws:sqs:us-east-1:000000000000:idle');
  expect(await portIsFree(sqs.port)).toBe(true);
  client.destroy();
});

test('region and account id options shape the queue URLs and ARNs', async () => {
  const sqs = await startSqs({ region: 'eu-west-1', accountId: '123456789012' });
  const client = new SQSClient({ endpoint: sqs.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  try {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'orders.fifo', Attributes: { FifoQueue: 'true' } }));

    expect(QueueUrl).toBe(`${sqs.endpoint}/123456789012/orders.fifo`);
    expect(sqs.queueArn('orders.fifo')).toBe('arn:aws:sqs:eu-west-1:123456789012:orders.fifo');
    expect(sqs.queueNames()).toEqual(['orders.fifo']);
  } finally {
    client.destroy();
    await sqs.stop();
  }
});
