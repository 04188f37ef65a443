import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { ConsumerNotFoundError, consumerStatus } from '../../ops';
import { ACCOUNT, REGION, mockRouter, queueUrl } from './aws-fixture';

let router: ReturnType<typeof mockRouter>;
beforeEach(() => (router = mockRouter()));
afterEach(() => router.restore());

describe('connectAws', () => {
  test("finds a consumer's queues, DLQs, rule, table and log groups from its stack's resources", async () => {
    const target = await router.connect();
    const inventory = await target.consumer('inventory');
    expect(inventory).toMatchObject({
      name: 'inventory',
      busName: 'event-router',
      ruleArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/event-router/InventoryConsumerStack-ConsumerRule-XYZ`,
      queue: { url: queueUrl('InventoryConsumerStack-ConsumerQueue-ABC.fifo'), arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:InventoryConsumerStack-ConsumerQueue-ABC.fifo`, fifo: true, retentionSeconds: 345600 },
      deadLetterQueue: { name: 'InventoryConsumerStack-ConsumerDeadLetterQueue-ABC.fifo', retentionSeconds: 1209600 },
      targetDeadLetterQueue: { name: 'InventoryConsumerStack-ConsumerTargetDeadLetterQueue-ABC', fifo: false },
      dedupeTable: 'InventoryConsumerStack-DedupeTable',
      functionName: 'InventoryConsumerStack-Function',
      logGroups: ['/aws/lambda/InventoryConsumerStack-Function', '/aws/lambda/InventoryConsumerStack-Forwarder'],
    });
    expect(target.archiveArn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:archive/event-router-archive`);
    expect(target.busArn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:event-bus/event-router`);
  });

  test("lists only the consumers whose rule is on the router's bus", async () => {
    const target = await router.connect();
    expect((await target.consumers()).map((consumer) => consumer.name)).toEqual(['analytics', 'inventory']);
  });

  test('an unknown consumer is bad input naming the known ones', async () => {
    const target = await router.connect();
    const error = await target.consumer('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsumerNotFoundError);
    expect((error as ConsumerNotFoundError).exitCode).toBe(2);
    expect((error as Error).message).toContain('Known consumers: analytics, inventory.');
  });
});

describe('status on AWS', () => {
  test('reads depths from SQS and ages and contract metrics from CloudWatch, with the consumer and service dimensions', async () => {
    router.sqs.on(GetQueueAttributesCommand, { QueueUrl: queueUrl('InventoryConsumerStack-ConsumerDeadLetterQueue-ABC.fifo') }).resolves({
      Attributes: { ApproximateNumberOfMessages: '2', ApproximateNumberOfMessagesNotVisible: '0', QueueArn: 'x', MessageRetentionPeriod: '1209600' },
    });
    router.cloudWatch.on(GetMetricDataCommand).callsFake((input) => ({
      MetricDataResults: input.MetricDataQueries.map((query: { Id: string; MetricStat: { Metric: { MetricName: string } } }) => ({
        Id: query.Id,
        Timestamps: [new Date(), new Date(Date.now() - 60_000)],
        Values: ({ EventsProcessed: [3, 4], EventsFailed: [1, 0], HeldEvents: [5, 9], ApproximateAgeOfOldestMessage: [42, 10] } as Record<string, number[]>)[query.MetricStat.Metric.MetricName] ?? [],
      })),
    }));
    const [status] = await consumerStatus(await router.connect(), { consumer: 'inventory' });
    expect(status).toMatchObject({ consumer: 'inventory', verdict: 'parked', dlqDepth: 2, processed: 7, failed: 1, queue: { oldestAgeSeconds: 42, secondsLeft: 345600 - 42 } });
    const metricCall = router.cloudWatch.commandCalls(GetMetricDataCommand).find((call) => call.args[0].input.MetricDataQueries![0]!.MetricStat!.Metric!.Namespace === 'EventRouter')!;
    expect(metricCall.args[0].input.MetricDataQueries![0]!.MetricStat!.Metric!.Dimensions).toEqual([
      { Name: 'consumer', Value: 'inventory' },
      { Name: 'service', Value: 'inventory' },
    ]);
  });
});

describe('held events on AWS', () => {
  test("status counts held events and quarantines from the consumer table's gaps index, not from the sweeper's last metric", async () => {
    const since = Date.now() - 90_000;
    router.dynamodb.on(QueryCommand, { TableName: 'InventoryConsumerStack-DedupeTable', IndexName: 'gaps' }).resolves({
      Items: [
        { pk: { S: 'inventory#cursor#ord_1' }, entity: { S: 'ord_1' }, applied: { N: '1' }, held: { NS: ['3', '4'] }, gapOpenSince: { N: String(since) }, gapConsumer: { S: 'inventory' }, parkedSeq: { N: '2' } },
        { pk: { S: 'inventory#cursor#ord_2' }, entity: { S: 'ord_2' }, applied: { N: '5' }, held: { NS: ['7'] }, gapOpenSince: { N: String(Date.now()) }, gapConsumer: { S: 'inventory' } },
      ],
    });
    router.cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const [status] = await consumerStatus(await router.connect(), { consumer: 'inventory' });
    expect(status).toMatchObject({ verdict: 'holding', held: 3, gaps: 2, quarantined: 1 });
    expect(status!.oldestGapSeconds).toBeGreaterThanOrEqual(89);
    expect(router.dynamodb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ KeyConditionExpression: 'gapConsumer = :consumer', ExpressionAttributeValues: { ':consumer': { S: 'inventory' } } });
  });
});
