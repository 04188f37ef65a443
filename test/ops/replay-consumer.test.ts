import { DescribeArchiveCommand, DescribeReplayCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { OpsInputError, replayConsumer } from '../../ops';
import { ACCOUNT, REGION, mockRouter } from './aws-fixture';

let router: ReturnType<typeof mockRouter>;
beforeEach(() => (router = mockRouter()));
afterEach(() => router.restore());

const from = new Date(Date.now() - 3_600_000);
const to = new Date(Date.now() - 60_000);

test("StartReplay targets only the consumer's rule and DescribeReplay is polled to the end", async () => {
  router.eventBridge.on(DescribeArchiveCommand).resolves({ EventCount: 120 });
  router.eventBridge.on(StartReplayCommand).resolves({ State: 'STARTING' });
  router.eventBridge.on(DescribeReplayCommand).resolvesOnce({ State: 'RUNNING', EventLastReplayedTime: new Date((from.getTime() + to.getTime()) / 2) }).resolves({ State: 'COMPLETED', StateReason: 'done' });
  const progress: number[] = [];
  const result = await replayConsumer(await router.connect(), 'inventory', { from, to, pollMs: 1, onProgress: (p) => progress.push(p.fraction) });
  // Discovery first: the account is known from the consumer's queue ARN before the request is built.
  expect(router.eventBridge.commandCalls(StartReplayCommand)[0]!.args[0].input).toMatchObject({
    EventSourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:archive/event-router-archive`,
    EventStartTime: from,
    EventEndTime: to,
    Destination: { Arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/event-router`, FilterArns: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/event-router/InventoryConsumerStack-ConsumerRule-XYZ`] },
  });
  expect(result).toMatchObject({ state: 'COMPLETED', reprocess: false, archiveEventCount: 120 });
  expect(result.replayName).toMatch(/^replay-inventory-/);
  expect(progress[0]).toBeCloseTo(0.5, 1);
});

test('--reprocess names the replay reprocess-..., the marker the consumer keys its dedupe by', async () => {
  router.eventBridge.on(DescribeArchiveCommand).resolves({ EventCount: 1 });
  const result = await replayConsumer(await router.connect(), 'inventory', { from, to, reprocess: true, dryRun: true });
  expect(result.replayName).toMatch(/^reprocess-inventory-/);
  expect(result.state).toBe('NOT_STARTED');
  expect(router.eventBridge.commandCalls(StartReplayCommand)).toHaveLength(0);
});

test('a window ending in the future is bad input, nothing is started', async () => {
  await expect(replayConsumer(await router.connect(), 'inventory', { from, to: new Date(Date.now() + 3_600_000) })).rejects.toBeInstanceOf(OpsInputError);
  expect(router.eventBridge.commandCalls(StartReplayCommand)).toHaveLength(0);
});

test('a --name that disagrees with --reprocess is bad input: only reprocess-... names make the consumer apply again', async () => {
  router.eventBridge.on(DescribeArchiveCommand).resolves({ EventCount: 1 });
  const target = await router.connect();
  await expect(replayConsumer(target, 'inventory', { from, to, reprocess: true, name: 'backfill-1' })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/must start with "reprocess-"/) });
  await expect(replayConsumer(target, 'inventory', { from, to, name: 'reprocess-by-accident' })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/add --reprocess/) });
  expect(router.eventBridge.commandCalls(StartReplayCommand)).toHaveLength(0);
});
