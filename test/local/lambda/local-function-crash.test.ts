/**
 * `--faults crash`: the Lambda runner kills a worker at a chosen point of an invocation, as a crashed
 * or timed-out execution environment, and an SQS event source mapping then behaves as Lambda's does.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { FunctionInvocationError, LocalFunction, type InvocationCrash } from '../../../local/lambda';
import { SqsEventSource, type SqsEventRecord } from '../../../local/event-sources';
import { FaultInjector } from '../../../local/faults';
import { startSqs, type LocalSqs } from '../../../local/sqs';

const dir = mkdtempSync(join(tmpdir(), 'faults-crash-'));
const started: LocalFunction[] = [];

/** A handler that appends each record's body (or `done`) to a side-effect file, after `waitMs`. */
function sideEffectFunction(effects: string, crashes: () => InvocationCrash | undefined, waitMs = 0): LocalFunction {
  const modulePath = join(dir, `fn-${started.length}.mjs`);
  writeFileSync(
    modulePath,
    `import { appendFileSync } from 'node:fs';
     export const handler = async (event) => {
       await new Promise((r) => setTimeout(r, ${waitMs}));
       for (const record of event.Records ?? [{ body: 'done' }]) appendFileSync(${JSON.stringify(effects)}, record.body + '\\n');
       return { batchItemFailures: [] };
     };`,
  );
  const fn = new LocalFunction({
    name: 'crashy',
    arn: 'arn:aws:lambda:us-east-1:000000000000:function:crashy',
    modulePath,
    exportName: 'handler',
    environment: {},
    timeoutSeconds: 3,
    crashes,
  });
  started.push(fn);
  return fn;
}

const effectsOf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);
let files = 0;
const effectsFile = () => join(dir, `effects-${(files += 1)}.txt`);

afterAll(async () => {
  await Promise.all(started.map((fn) => fn.stop()));
});

describe('crash points', () => {
  test.each([
    ['before-handler', 0, []],
    ['during-handler', 500, []],
    ['after-handler', 0, ['done']],
  ] as const)('a crash %s (handler takes %d ms more) fails the invocation with Runtime.ExitError; side effects done: %j', async (point, waitMs, effects) => {
    const file = effectsFile();
    let crashNext = true;
    const fn = sideEffectFunction(file, () => (crashNext ? ((crashNext = false), { point, delayMs: 5 }) : undefined), waitMs);
    const error = (await fn.invoke({}).catch((e: unknown) => e)) as FunctionInvocationError;
    expect(error).toBeInstanceOf(FunctionInvocationError);
    expect(error.payload.errorType).toBe('Runtime.ExitError');
    expect(error.payload.errorMessage).toContain(`injected by --faults crash, ${point}`);
    expect(effectsOf(file)).toEqual(effects);
    // The sandbox is gone; the next invocation gets a fresh one (a cold start) and succeeds.
    await expect(fn.invoke({})).resolves.toEqual({ batchItemFailures: [] });
    expect(fn.stats().errors).toBe(1);
  });

  test('with crash=P and a seed, that fraction of invocations crashes, each counted', async () => {
    const faults = new FaultInjector({ seed: 21, crash: 0.2 });
    const fn = sideEffectFunction(effectsFile(), () => faults.crash());
    let failed = 0;
    for (let i = 0; i < 60; i += 1) await fn.invoke({}).catch(() => (failed += 1));
    expect(failed).toBe(faults.counts().crash);
    expect(failed).toBeGreaterThanOrEqual(5);
    expect(failed).toBeLessThanOrEqual(20);
  }, 60_000);
});

describe('an SQS event source mapping over a crashing function', () => {
  let sqs: LocalSqs;
  let client: SQSClient;
  beforeAll(async () => {
    sqs = await startSqs();
    client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  });
  afterAll(async () => {
    client.destroy();
    await sqs.stop();
  });

  test("a crash after the handler's side effect leaves the batch on the queue: visible again after the visibility timeout, delivered again", async () => {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'crash-q', Attributes: { VisibilityTimeout: '1' } }));
    const file = effectsFile();
    let invocations = 0;
    const fn = sideEffectFunction(file, () => ((invocations += 1) === 1 ? { point: 'after-handler', delayMs: 0 } : undefined));
    const receiveCounts: string[] = [];
    const source = new SqsEventSource({
      mapping: 'Test/Crash',
      sqs: client,
      queueUrl: QueueUrl!,
      queueArn: sqs.queueArn('crash-q'),
      region: 'us-east-1',
      reportBatchItemFailures: true,
      fn: {
        name: fn.name,
        invoke: (event) => {
          receiveCounts.push(...(event as { Records: SqsEventRecord[] }).Records.map((r) => r.attributes.ApproximateReceiveCount));
          return fn.invoke(event);
        },
      },
    }).start();
    try {
      const sentAt = Date.now();
      await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'm1' }));
      const deadline = Date.now() + 15_000;
      while (receiveCounts.length < 2 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
      // At least once: the crashed attempt's side effect happened, and the message came back after ~1 s to run again.
      expect(receiveCounts).toEqual(['1', '2']);
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1000);
      await new Promise((done) => setTimeout(done, 300));
      expect(effectsOf(file)).toEqual(['m1', 'm1']);
      const { Attributes } = await client.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      expect(Attributes).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
    } finally {
      await source.stop();
    }
  }, 30_000);
});
