import { ChangeMessageVisibilityCommand, DeleteMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { createFifoQueue, receive, type SqsHarness, startHarness } from './sqs-harness';

let harness: SqsHarness;
let client: SQSClient;
beforeAll(async () => {
  harness = await startHarness();
  client = harness.client;
});
afterAll(() => harness.stop());

const VISIBILITY_MS = 30_000;
const GROUPS = ['A', 'B'] as const;

type Step =
  | { kind: 'send'; group: (typeof GROUPS)[number] }
  | { kind: 'receive'; max: number }
  | { kind: 'delete'; pick: number }
  | { kind: 'release'; pick: number }
  | { kind: 'wait'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('send' as const), group: fc.constantFrom(...GROUPS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('receive' as const), max: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40_000 }) }) },
);

/** What the test knows of one sent message. */
interface Sent {
  readonly body: string;
  readonly group: string;
  deleted: boolean;
  handle?: string;
  /** Clock time the latest receive's visibility timeout ends. */
  invisibleUntil: number;
}

describe('FIFO ordering under random interleavings', () => {
  test('per-group order is never violated and a free group is never starved', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const queueUrl = await createFifoQueue(client, { VisibilityTimeout: String(VISIBILITY_MS / 1000) });
        const sent: Sent[] = [];
        const outstanding: Sent[] = [];
        for (const current of steps) {
          const now = harness.clock.now();
          const inFlight = (message: Sent) => !message.deleted && message.handle !== undefined && now < message.invisibleUntil;
          if (current.kind === 'send') {
            const body = `${current.group}-${sent.length}`;
            await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, MessageGroupId: current.group }));
            sent.push({ body, group: current.group, deleted: false, invisibleUntil: 0 });
          } else if (current.kind === 'wait') {
            harness.clock.advance(current.ms);
          } else if (current.kind === 'receive') {
            const blocked = new Set(sent.filter(inFlight).map((message) => message.group));
            const messages = await receive(client, queueUrl, { MaxNumberOfMessages: current.max });
            const byGroup = new Map<string, string[]>();
            for (const message of messages) {
              const group = message.Attributes!.MessageGroupId!;
              byGroup.set(group, [...(byGroup.get(group) ?? []), message.Body!]);
            }
            for (const [group, received] of byGroup) {
              // No message of a group while one of it is in flight ...
              expect(blocked.has(group)).toBe(false);
              // ... and a group's messages come as a prefix of its undeleted messages, in send order.
              const pending = sent.filter((message) => message.group === group && !message.deleted).map((message) => message.body);
              expect(received).toEqual(pending.slice(0, received.length));
            }
            // Liveness: a group with pending messages and none in flight yields at least one message.
            const free = sent.some((message) => !message.deleted && !blocked.has(message.group));
            if (free) expect(messages.length).toBeGreaterThan(0);
            for (const message of messages) {
              const model = sent.find((candidate) => candidate.body === message.Body)!;
              model.handle = message.ReceiptHandle;
              model.invisibleUntil = now + VISIBILITY_MS;
              outstanding.push(model);
            }
          } else if (current.kind === 'release') {
            // ChangeMessageVisibility(0): the message is visible again while later ones of its batch stay in flight.
            if (outstanding.length === 0) continue;
            const target = outstanding[current.pick % outstanding.length];
            if (target.deleted) continue;
            const release = client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: target.handle, VisibilityTimeout: 0 }));
            if (inFlight(target)) {
              await release;
              target.invisibleUntil = now;
            } else {
              await expect(release).rejects.toMatchObject({ name: 'MessageNotInflight' });
            }
          } else if (outstanding.length > 0) {
            const [target] = outstanding.splice(current.pick % outstanding.length, 1);
            if (target.deleted) continue;
            const delete_ = client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: target.handle }));
            if (inFlight(target)) {
              await delete_;
              target.deleted = true;
            } else {
              // A FIFO handle stops working when the visibility timeout ends.
              await expect(delete_).rejects.toMatchObject({ name: 'InvalidParameterValue' });
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
