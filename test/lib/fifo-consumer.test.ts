import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  DedupeWindowTooShortError,
  FifoConsumer,
  InvalidOrderingKeyError,
  InvalidPropError,
  OrderingKey,
  VisibilityTimeoutTooShortError,
  type FifoConsumerProps,
} from '../../lib';
import { EnvironmentVariable } from '../../runtime/contract';
import { consumerTestStack, FIXTURE_HANDLER } from './support';

const PATTERN = { source: ['orders-service'], detailType: ['OrderPlaced'] };

function synth(props: Partial<FifoConsumerProps> = {}): { template: Template; consumer: FifoConsumer; stack: Stack } {
  const { stack, bus } = consumerTestStack();
  const consumer = new FifoConsumer(stack, 'Consumer', {
    bus,
    consumerName: 'inventory',
    eventPattern: PATTERN,
    entry: FIXTURE_HANDLER,
    ...props,
  });
  return { template: Template.fromStack(stack), consumer, stack };
}

function construct(props: Partial<FifoConsumerProps>): () => FifoConsumer {
  return () => {
    const { stack, bus } = consumerTestStack();
    return new FifoConsumer(stack, 'Consumer', {
      bus,
      consumerName: 'inventory',
      eventPattern: PATTERN,
      entry: FIXTURE_HANDLER,
      ...props,
    });
  };
}

/** Logical id of the consumer function of a synth() result. */
function logicalIdOfFunction({ consumer, stack }: { consumer: FifoConsumer; stack: Stack }): string {
  return logicalId(stack, consumer.function);
}

/** Logical id of `construct`'s CloudFormation resource. */
function logicalId(stack: Stack, resource: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(resource.node.defaultChild as never);
}

describe('FifoConsumer with default props', () => {
  // GIVEN a consumer ordered per orderId and otherwise defaults
  const { template, consumer, stack } = synth({ orderingKey: OrderingKey.jsonPath('$.detail.data.orderId') });
  const queueId = logicalId(stack, consumer.queue);
  const bufferId = logicalId(stack, consumer.bufferQueue);

  test('the rule carries the contract description and the pattern, on the bus found by name', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Description: 'event-router consumer: inventory',
      EventBusName: 'event-router',
      EventPattern: { source: ['orders-service'], 'detail-type': ['OrderPlaced'] },
    });
  });

  test('the rule targets the standard buffer queue (no message group), with a DLQ and a retry policy', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [bufferId, 'Arn'] },
          SqsParameters: Match.absent(),
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack, consumer.targetDeadLetterQueue), 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        },
      ],
    });
  });

  test('only this rule may send to the buffer queue and to the rule-target DLQ', () => {
    const ruleArn = { 'Fn::GetAtt': [logicalId(stack, consumer.rule), 'Arn'] };
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    for (const queue of [consumer.bufferQueue, consumer.targetDeadLetterQueue]) {
      const policy = policies.find((p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: logicalId(stack, queue) }]))!;
      const allows = policy.Properties.PolicyDocument.Statement.filter((statement: { Effect: string }) => statement.Effect === 'Allow');
      expect(allows).toHaveLength(1);
      expect(allows[0]).toMatchObject({
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      });
      expect([allows[0].Action].flat()).toContain('sqs:SendMessage');
    }
  });

  test('the buffer queue is a standard queue kept 14 days, with a standard DLQ after 5 receives', () => {
    const buffer = template.toJSON().Resources[bufferId].Properties;
    expect(buffer.FifoQueue).toBeUndefined();
    expect(buffer.ContentBasedDeduplication).toBeUndefined();
    expect(buffer.VisibilityTimeout).toBe(180);
    expect(buffer.MessageRetentionPeriod).toBe(1_209_600);
    expect(buffer.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack, consumer.bufferDeadLetterQueue), 'Arn'] },
      maxReceiveCount: 5,
    });
  });

  test('every queue sets MaximumMessageSize explicitly to 1 MiB, the SQS maximum', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(5);
    for (const queue of queues) expect(queue.Properties.MaximumMessageSize).toBe(1_048_576);
  });

  test('the consumer queue is FIFO, not content-deduplicated, kept 14 days, with visibility 6 x the 30 s function timeout', () => {
    const queue = template.toJSON().Resources[queueId].Properties;
    expect(queue.FifoQueue).toBe(true);
    expect(queue.MessageRetentionPeriod).toBe(1_209_600);
    expect(queue.ContentBasedDeduplication).toBeUndefined();
    expect(queue.VisibilityTimeout).toBe(180);
    // 10 x maxAttempts (5): a safety net far above the consumer's own attempt budget.
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack, consumer.deadLetterQueue), 'Arn'] },
      maxReceiveCount: 50,
    });
  });

  test('the FIFO consumer DLQ and the standard buffer and rule-target DLQs keep messages 14 days', () => {
    const resources = template.toJSON().Resources;
    for (const dlq of [consumer.deadLetterQueue, consumer.bufferDeadLetterQueue, consumer.targetDeadLetterQueue]) {
      expect(resources[logicalId(stack, dlq)].Properties.MessageRetentionPeriod).toBe(1_209_600);
    }
    expect(resources[logicalId(stack, consumer.deadLetterQueue)].Properties.FifoQueue).toBe(true);
    expect(resources[logicalId(stack, consumer.bufferDeadLetterQueue)].Properties.FifoQueue).toBeUndefined();
    expect(resources[logicalId(stack, consumer.targetDeadLetterQueue)].Properties.FifoQueue).toBeUndefined();
  });

  test('every queue is encrypted at rest and denies requests without TLS', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(5);
    for (const [id, queue] of Object.entries(queues)) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  test('the forwarder reads the buffer and targets the consumer queue with the group key path', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          TARGET_QUEUE_URL: { Ref: queueId },
          GROUP_KEY_PATH: '$.detail.data.orderId',
          DEAD_LETTER_QUEUE_URL: { Ref: logicalId(stack, consumer.bufferDeadLetterQueue) },
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  test('the forwarder reads the buffer with 10 concurrent batches of 10, no batching window, partial failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [bufferId, 'Arn'] },
      FunctionName: { Ref: logicalId(stack, consumer.forwarder) },
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: Match.absent(),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });

  test('the consumer function reads its queue in batches of 10 with partial batch failures, at most 10 invocations at once', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: logicalId(stack, consumer.function) },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });

  test('the forwarder reserves as many executions as its mapping may use, so busy consumers cannot starve it', () => {
    expect(template.toJSON().Resources[logicalId(stack, consumer.forwarder)].Properties.ReservedConcurrentExecutions).toBe(10);
  });

  test('the buffer and consumer queues keep unconsumed events 14 days', () => {
    for (const queue of [consumer.queue, consumer.bufferQueue]) {
      expect(template.toJSON().Resources[logicalId(stack, queue)].Properties.MessageRetentionPeriod).toBe(1_209_600);
    }
  });

  test('queue age alarms fire at 70 % of the retention of the consumer and buffer queues and of every DLQ', () => {
    for (const queue of [consumer.queue, consumer.bufferQueue, consumer.deadLetterQueue, consumer.bufferDeadLetterQueue, consumer.targetDeadLetterQueue]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack, queue), 'QueueName'] } }],
        Threshold: Math.floor(1_209_600 * 0.7),
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  test('the rule alarms on failed deliveries and on events it could not even dead-letter', () => {
    for (const metricName of ['FailedInvocations', 'InvocationsFailedToBeSentToDlq']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Events',
        MetricName: metricName,
        Dimensions: [
          { Name: 'EventBusName', Value: 'event-router' },
          { Name: 'RuleName', Value: { Ref: logicalId(stack, consumer.rule) } },
        ],
        Threshold: 1,
      });
    }
  });

  test('throttles of the consumer function and the forwarder raise alarms', () => {
    for (const fn of [consumer.function, consumer.forwarder]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Throttles',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(stack, fn) } }],
        Threshold: 1,
      });
    }
  });

  test('the consumer metrics alarm with the dimensions Powertools emits (service and consumer)', () => {
    for (const metricName of ['EventsFailed', 'EventsParked', 'GapsTimedOut', 'HeldEvents']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'EventRouter',
        MetricName: metricName,
        Dimensions: [
          { Name: 'consumer', Value: 'inventory' },
          { Name: 'service', Value: 'inventory' },
        ],
        Threshold: 1,
      });
    }
  });

  test('held events alarm only when they stay held for 15 minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'HeldEvents', Statistic: 'Minimum', Period: 300, EvaluationPeriods: 3 });
  });

  test('DynamoDB throttling on the dedupe table raises an alarm', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'reads + writes' }),
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({
              MetricName: 'WriteThrottleEvents',
              Dimensions: [{ Name: 'TableName', Value: { Ref: logicalId(stack, consumer.dedupeTable) } }],
            }),
          }),
        }),
      ]),
    });
  });

  test('every alarm is collected in consumer.alarms', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', consumer.alarms.length);
  });

  test('the consumer function runs Node.js 24 on arm64 with the contract environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 30,
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: {
          CONSUMER_NAME: 'inventory',
          DEDUPE_TABLE_NAME: { Ref: logicalId(stack, consumer.dedupeTable) },
          // 14 d buffer + 14 d queue + 14 d DLQ + 30 d archive
          DEDUPE_TTL_SECONDS: String(72 * 86_400),
          POWERTOOLS_SERVICE_NAME: 'inventory',
          POWERTOOLS_METRICS_NAMESPACE: 'EventRouter',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  test("every variable set on the consumer's functions is one the runtime reads (or Node's own NODE_OPTIONS)", () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBe(3); // consumer, forwarder, gap sweeper
    const contract: readonly string[] = [...Object.values(EnvironmentVariable), 'NODE_OPTIONS'];
    const names = functions.flatMap((fn) => Object.keys(fn.Properties.Environment.Variables));
    expect(names.filter((name) => !contract.includes(name))).toEqual([]);
  });

  test('the dedupe table has pk (S), a sparse gaps index, TTL expiresAt, on-demand capacity, PITR and encryption', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'pk', AttributeType: 'S' }]),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gaps',
          KeySchema: [
            { AttributeName: 'gapConsumer', KeyType: 'HASH' },
            { AttributeName: 'gapOpenSince', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  test('without stateTable there is one table and no STATE_TABLE_NAME', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    expect(consumer.stateTable).toBeUndefined();
    const fn = template.toJSON().Resources[logicalId(stack, consumer.function)];
    expect(fn.Properties.Environment.Variables.STATE_TABLE_NAME).toBeUndefined();
  });

  test('the consumer function may read and write its dedupe table (markers, cursors, held events) and park in its DLQ', () => {
    const fnRole = template.toJSON().Resources[logicalId(stack, consumer.function)].Properties.Role['Fn::GetAtt'][0];
    const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) => JSON.stringify(p.Properties.Roles).includes(fnRole))!;
    const statements: { Action: string | string[]; Resource: unknown }[] = policy.Properties.PolicyDocument.Statement;
    const dedupeArn = JSON.stringify({ 'Fn::GetAtt': [logicalId(stack, consumer.dedupeTable), 'Arn'] });
    const onDedupe = statements.filter((s) => JSON.stringify(s.Resource).includes(dedupeArn)).flatMap((s) => s.Action);
    expect(onDedupe).toEqual(
      expect.arrayContaining(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']),
    );
    const dlqArn = JSON.stringify({ 'Fn::GetAtt': [logicalId(stack, consumer.deadLetterQueue), 'Arn'] });
    const onDlq = statements.filter((s) => JSON.stringify(s.Resource).includes(dlqArn)).flatMap((s) => s.Action);
    expect(onDlq).toEqual(expect.arrayContaining(['sqs:SendMessage']));
  });

  test('the consumer function gets the ordering and parking environment of the contract', () => {
    const vars = template.toJSON().Resources[logicalId(stack, consumer.function)].Properties.Environment.Variables;
    expect(vars).toMatchObject({
      ORDERED: 'true',
      GAP_TIMEOUT_SECONDS: '300',
      ON_GAP: 'wait',
      MAX_ATTEMPTS: '5',
      DEAD_LETTER_QUEUE_URL: { Ref: logicalId(stack, consumer.deadLetterQueue) },
    });
  });

  test('a gap sweeper with the consumer environment runs every minute, may use the table and send to the consumer queue', () => {
    const sweeperId = logicalId(stack, consumer.gapSweeper!);
    const sweeper = template.toJSON().Resources[sweeperId].Properties;
    expect(sweeper.Environment.Variables).toMatchObject({
      CONSUMER_NAME: 'inventory',
      ORDERED: 'true',
      GAP_TIMEOUT_SECONDS: '300',
      ON_GAP: 'wait',
      CONSUMER_QUEUE_URL: { Ref: queueId },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [sweeperId, 'Arn'] } })],
    });
    const role = sweeper.Role['Fn::GetAtt'][0];
    const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) => JSON.stringify(p.Properties.Roles).includes(role))!;
    const text = JSON.stringify(policy.Properties.PolicyDocument);
    expect(text).toContain('dynamodb:Query');
    expect(text).toContain('sqs:SendMessage');
    expect(text).toContain(JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }));
  });

  test('the forwarder may send to the consumer queue and park events in the buffer DLQ', () => {
    for (const target of [queueId, logicalId(stack, consumer.bufferDeadLetterQueue)]) {
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: Match.arrayWith(['sqs:SendMessage']),
              Resource: { 'Fn::GetAtt': [target, 'Arn'] },
            }),
          ]),
        },
      });
    }
  });

  test('alarms fire on 1 message in any DLQ', () => {
    for (const dlq of [consumer.deadLetterQueue, consumer.bufferDeadLetterQueue, consumer.targetDeadLetterQueue]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack, dlq), 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  test('a lag alarm fires when the oldest message is older than 5 minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 300,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  test('an alarm fires on consumer function errors', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(stack, consumer.function) } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  test('metric methods describe lag, DLQ depth and throughput of this consumer', () => {
    expect(stack.resolve(consumer.metricLag().toMetricConfig().metricStat)).toMatchObject({
      metricName: 'ApproximateAgeOfOldestMessage',
      statistic: 'Maximum',
      dimensions: [{ name: 'QueueName', value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    });
    expect(stack.resolve(consumer.metricDlqDepth().toMetricConfig().metricStat)).toMatchObject({
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: [{ name: 'QueueName', value: { 'Fn::GetAtt': [logicalId(stack, consumer.deadLetterQueue), 'QueueName'] } }],
    });
    expect(stack.resolve(consumer.metricThroughput().toMetricConfig().metricStat)).toMatchObject({
      metricName: 'NumberOfMessagesDeleted',
      statistic: 'Sum',
    });
  });
});

describe('FifoConsumer options', () => {
  test('an unordered consumer has no gap sweeper, no gaps index, and ORDERED=false', () => {
    const { template, consumer, stack } = synth();
    expect(consumer.gapSweeper).toBeUndefined();
    template.hasResourceProperties('AWS::DynamoDB::Table', { GlobalSecondaryIndexes: Match.absent() });
    expect(template.toJSON().Resources[logicalId(stack, consumer.function)].Properties.Environment.Variables.ORDERED).toBe('false');
    expect(Object.values(template.findResources('AWS::Events::Rule')).some((r) => r.Properties.ScheduleExpression !== undefined)).toBe(false);
  });

  test('gapTimeout, onGap and maxAttempts reach the environment; the consumer queue redrive stays 10 x maxAttempts', () => {
    const { template, consumer, stack } = synth({
      orderingKey: OrderingKey.jsonPath('$.detail.data.orderId'),
      gapTimeout: Duration.minutes(2),
      onGap: 'skip',
      maxAttempts: 8,
    });
    const vars = template.toJSON().Resources[logicalId(stack, consumer.function)].Properties.Environment.Variables;
    expect(vars).toMatchObject({ GAP_TIMEOUT_SECONDS: '120', ON_GAP: 'skip', MAX_ATTEMPTS: '8' });
    expect(template.toJSON().Resources[logicalId(stack, consumer.queue)].Properties.RedrivePolicy.maxReceiveCount).toBe(80);
  });

  test('OrderingKey.none() leaves GROUP_KEY_PATH unset: the forwarder gives each event its own group', () => {
    const { template, consumer, stack } = synth({ orderingKey: OrderingKey.none() });
    const forwarder = template.toJSON().Resources[logicalId(stack, consumer.forwarder)].Properties;
    expect(forwarder.Environment.Variables.GROUP_KEY_PATH).toBeUndefined();
    expect(forwarder.Environment.Variables.TARGET_QUEUE_URL).toEqual({ Ref: logicalId(stack, consumer.queue) });
  });

  test('a per-entity consumer queue uses FIFO high throughput (per-group limits and deduplication)', () => {
    const { template, consumer, stack } = synth({ orderingKey: OrderingKey.jsonPath('$.detail.data.orderId') });
    const queue = template.toJSON().Resources[logicalId(stack, consumer.queue)].Properties;
    expect(queue.FifoThroughputLimit).toBe('perMessageGroupId');
    expect(queue.DeduplicationScope).toBe('messageGroup');
  });

  test('an unordered consumer queue also uses FIFO high throughput: one group per event', () => {
    const { template, consumer, stack } = synth({ orderingKey: OrderingKey.none() });
    const queue = template.toJSON().Resources[logicalId(stack, consumer.queue)].Properties;
    expect(queue.FifoThroughputLimit).toBe('perMessageGroupId');
    expect(queue.DeduplicationScope).toBe('messageGroup');
  });

  test('maxConcurrency without an ordering key is no longer pointless, so it earns no warning', () => {
    const { stack } = synth({ maxConcurrency: 5 });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('forwarderMaxConcurrency reaches the forwarder mapping and its reserved concurrency', () => {
    const { template, consumer, stack } = synth({ forwarderMaxConcurrency: 50 });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(stack, consumer.forwarder) },
      ScalingConfig: { MaximumConcurrency: 50 },
    });
    expect(template.toJSON().Resources[logicalId(stack, consumer.forwarder)].Properties.ReservedConcurrentExecutions).toBe(50);
  });

  test('the default dedupeTtl follows a shorter archiveRetention, down to the rule-target DLQ\'s 14 days', () => {
    const ttl = (archiveRetention: Duration) =>
      synth({ archiveRetention }).template.toJSON().Resources[logicalIdOfFunction(synth({ archiveRetention }))].Properties.Environment.Variables
        .DEDUPE_TTL_SECONDS;
    expect(ttl(Duration.days(20))).toBe(String(62 * 86_400));
    expect(ttl(Duration.days(7))).toBe(String(56 * 86_400));
  });

  test('without an ordering key the mapping is limited like any other (one group per event) and has no gap or held-event alarms', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10, ScalingConfig: { MaximumConcurrency: 10 }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    for (const metricName of ['GapsTimedOut', 'HeldEvents']) {
      expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } }))).toEqual([]);
    }
  });

  test('stateTable adds a pk/sk table with PITR and encryption, named in STATE_TABLE_NAME', () => {
    const { template, consumer, stack } = synth({ stateTable: true });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { STATE_TABLE_NAME: { Ref: logicalId(stack, consumer.stateTable!) } } },
    });
  });

  test('maxConcurrency, batchSize, maxReceiveCount and timeouts reach the template', () => {
    const { template, consumer, stack } = synth({
      orderingKey: OrderingKey.jsonPath('$.detail.data.orderId'),
      maxConcurrency: 5,
      batchSize: 4,
      maxReceiveCount: 3,
      functionTimeout: Duration.seconds(10),
      visibilityTimeout: Duration.seconds(120),
      lagObjective: Duration.minutes(2),
      dedupeTtl: Duration.days(90),
    });
    const queueId = logicalId(stack, consumer.queue);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: 4,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 120,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 50 }),
    });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }) });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 10,
      Environment: { Variables: Match.objectLike({ DEDUPE_TTL_SECONDS: String(90 * 86_400) }) },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 120,
    });
  });

  test('user environment variables reach the consumer function', () => {
    const { template } = synth({ environment: { LOW_STOCK_THRESHOLD: '3' } });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ LOW_STOCK_THRESHOLD: '3', CONSUMER_NAME: 'inventory' }) },
    });
  });
});

describe('FifoConsumer validation', () => {
  test('a visibility timeout under 6 x the function timeout throws, saying both values and the fix', () => {
    const attempt = construct({ functionTimeout: Duration.seconds(60), visibilityTimeout: Duration.seconds(300) });
    expect(attempt).toThrow(VisibilityTimeoutTooShortError);
    expect(attempt).toThrow(/visibilityTimeout \(300s\) must be at least 6 x functionTimeout \(60s = 360s\)/);
  });

  test('a default visibility timeout follows a longer function timeout', () => {
    expect(construct({ functionTimeout: Duration.seconds(120) })).not.toThrow();
  });

  test('a batch size above 10 (the FIFO maximum) throws', () => {
    expect(construct({ batchSize: 11 })).toThrow(InvalidPropError);
    expect(construct({ batchSize: 11 })).toThrow(/batchSize 11: must be a whole number from 1 to 10/);
  });

  test('a max concurrency below 2 throws', () => {
    expect(construct({ maxConcurrency: 1 })).toThrow(/maxConcurrency 1/);
  });

  test('a maxReceiveCount of 0 throws', () => {
    expect(construct({ maxReceiveCount: 0 })).toThrow(/maxReceiveCount 0/);
  });

  test('an invalid consumer name throws', () => {
    expect(construct({ consumerName: 'Inventory Service' })).toThrow(/invalid consumerName "Inventory Service"/);
  });

  test('an empty event pattern throws', () => {
    expect(construct({ eventPattern: {} })).toThrow(/invalid eventPattern/);
  });

  test('an ordering key that is not a plain dotted JSON path throws', () => {
    expect(construct({ orderingKey: OrderingKey.jsonPath('detail.data.orderId') })).toThrow(InvalidOrderingKeyError);
    expect(construct({ orderingKey: OrderingKey.jsonPath('$.detail.items[0].sku') })).toThrow(/not a plain property name/);
  });

  test('overriding a variable the construct sets throws', () => {
    expect(construct({ environment: { DEDUPE_TABLE_NAME: 'x' } })).toThrow(/DEDUPE_TABLE_NAME is set by the construct/);
  });

  test('a dedupe TTL under an hour throws', () => {
    expect(construct({ dedupeTtl: Duration.minutes(5) })).toThrow(/dedupeTtl/);
  });

  test('a gapTimeout under a minute (the sweeper period) throws naming the prop', () => {
    expect(construct({ gapTimeout: Duration.seconds(30) })).toThrow(/gapTimeout \(seconds\)/);
  });

  test('an onGap other than wait or skip throws with both choices', () => {
    expect(construct({ onGap: 'drop' as never })).toThrow(InvalidPropError);
    expect(construct({ onGap: 'drop' as never })).toThrow(/'wait'.*'skip'/);
  });

  test('a maxAttempts of 0 or above 100 throws', () => {
    expect(construct({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(construct({ maxAttempts: 101 })).toThrow(/maxAttempts/);
  });

  test('setting ORDERED or MAX_ATTEMPTS in environment throws: the construct sets them', () => {
    expect(construct({ environment: { MAX_ATTEMPTS: '2' } })).toThrow(/MAX_ATTEMPTS is set by the construct/);
  });

  test('a dedupeTtl shorter than queue + DLQ + archive retention throws, naming each window and the fix', () => {
    const attempt = construct({ dedupeTtl: Duration.days(7) });
    expect(attempt).toThrow(DedupeWindowTooShortError);
    expect(attempt).toThrow(
      /TestStack\/Consumer: dedupeTtl \(7d\) is shorter .*buffer queue 14d \+ consumer queue 14d \+ DLQ 14d \+ archiveRetention 30d = 72d.*Raise dedupeTtl to 72d \(Duration.seconds\(6220800\)\)/,
    );
  });

  test('a dedupeTtl of exactly the window passes; one second less throws', () => {
    expect(construct({ dedupeTtl: Duration.seconds(6_220_800) })).not.toThrow();
    expect(construct({ dedupeTtl: Duration.seconds(6_220_799) })).toThrow(DedupeWindowTooShortError);
  });

  test('a longer archiveRetention needs a longer dedupeTtl', () => {
    expect(construct({ archiveRetention: Duration.days(90), dedupeTtl: Duration.days(100) })).toThrow(/archiveRetention 90d = 132d/);
  });

  test('an archive shorter than the rule-target DLQ still needs the DLQ\'s 14 days covered', () => {
    expect(construct({ archiveRetention: Duration.days(1), dedupeTtl: Duration.days(50) })).toThrow(
      /rule-target DLQ 14d \(longer than archiveRetention 1d\) = 56d/,
    );
  });

  test('an archiveRetention under a day (or forever, 0) throws', () => {
    expect(construct({ archiveRetention: Duration.seconds(0) })).toThrow(/invalid archiveRetention \(seconds\) 0/);
  });

  test('a forwarderMaxConcurrency below 2 throws', () => {
    expect(construct({ forwarderMaxConcurrency: 1 })).toThrow(/invalid forwarderMaxConcurrency 1: must be a whole number from 2 to 1000/);
  });

  test('an ordering key with a typo is refused at synth against the registered schemas, naming the construct and the fields', () => {
    const attempt = construct({ orderingKey: OrderingKey.jsonPath('$.detail.data.orderID') });
    expect(attempt).toThrow(InvalidOrderingKeyError);
    expect(attempt).toThrow(/^TestStack\/Consumer: ordering key "\$\.detail\.data\.orderID" is not usable: .*orders-service OrderPlaced v1 has no data\.orderID \(data declares orderId, /);
  });

  test('an ordering key outside the envelope is refused even without a schema', () => {
    expect(construct({ eventPattern: { source: ['unknown-service'] }, orderingKey: OrderingKey.jsonPath('$.detial.data.id') })).toThrow(
      /EventBridge events have no top-level field "detial"/,
    );
    expect(construct({ eventPattern: { source: ['unknown-service'] }, orderingKey: OrderingKey.jsonPath('$.detail.dta.id') })).toThrow(
      /the router's envelope has no detail\.dta/,
    );
  });

  test('an ordering key of events with no registered schema is accepted when it is inside the envelope', () => {
    expect(construct({ eventPattern: { source: ['unknown-service'] }, orderingKey: OrderingKey.jsonPath('$.detail.data.anything') })).not.toThrow();
  });

  test('an ordering key every matched schema declares passes, through every version', () => {
    const pattern = { source: ['orders-service'], detailType: ['OrderPlaced', 'OrderPaid', 'OrderShipped'] };
    expect(construct({ eventPattern: pattern, orderingKey: OrderingKey.jsonPath('$.detail.data.orderId') })).not.toThrow();
  });

  test('an empty source list is refused at synth with EventBridge\'s reason', () => {
    const attempt = construct({ eventPattern: { source: [] } });
    expect(attempt).toThrow(InvalidPropError);
    expect(attempt).toThrow(/^TestStack\/Consumer: invalid eventPattern .*EventBridge refuses it \(.*Empty arrays are not allowed/);
  });

  test('an invalid numeric matcher is refused at synth', () => {
    const attempt = construct({ eventPattern: { source: ['orders-service'], detail: { data: { totalCents: [{ numeric: ['>>', 'a'] }] } } } });
    expect(attempt).toThrow(/^TestStack\/Consumer: invalid eventPattern .*EventBridge refuses it/);
  });
});
