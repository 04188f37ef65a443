import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { InvalidPropError, Outbox, type OutboxProps } from '../../lib';
import { consumerTestStack, FIXTURE_HANDLER } from './support';

function build(props: Partial<OutboxProps> = {}): { stack: Stack; outbox: Outbox } {
  const { stack, bus } = consumerTestStack('OutboxStack');
  const outbox = new Outbox(stack, 'Outbox', { bus, sources: ['orders-service'], publisherEntry: FIXTURE_HANDLER, sweeperEntry: FIXTURE_HANDLER, ...props });
  return { stack, outbox };
}

function id(stack: Stack, resource: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(resource.node.defaultChild as never);
}

describe('Outbox with default props', () => {
  const { stack, outbox } = build();
  const producer = new Role(stack, 'Producer', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  outbox.grantWrite(producer);
  const template = Template.fromStack(stack);

  test('the table has pk/sk strings, a NEW_IMAGE stream, TTL expiresAt, PITR and encryption', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  test('the publisher reads INSERTs only, 1000 records a batch, with bounded retries and age, bisect and partial failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [id(stack, outbox.table), 'StreamArn'] },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 86400,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ParallelizationFactor: 1,
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 1000,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [id(stack, outbox.failureQueue), 'Arn'] } } },
    });
  });

  test('the on-failure queue is encrypted, TLS-only and keeps messages 14 days', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: id(stack, outbox.failureQueue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  test('the publisher and the sweeper know the bus by EVENT_BUS_NAME and may PutEvents on that bus only', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: 'event-router' }) },
    });
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    const putEvents = statements.filter((statement: { Action: unknown }) => JSON.stringify(statement.Action).includes('events:'));
    expect(putEvents).toHaveLength(2);
    for (const statement of putEvents) {
      expect(statement.Action).toBe('events:PutEvents');
      expect(JSON.stringify(statement.Resource)).toContain(':event-bus/event-router');
      expect(statement.Condition).toEqual({ 'ForAllValues:StringEquals': { 'events:source': ['orders-service'] }, Null: { 'events:source': 'false' } });
    }
  });

  test('the publisher may publish only the outbox sources (events:source condition)', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'events:PutEvents',
            Condition: { 'ForAllValues:StringEquals': { 'events:source': ['orders-service'] }, Null: { 'events:source': 'false' } },
          }),
        ]),
      },
    });
  });

  test('the publisher has reserved concurrency, so busy consumers cannot starve it', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: 'event-router' }) },
      ReservedConcurrentExecutions: 5,
    });
  });

  test('alarms watch iterator age (5 min), publisher errors and the failure queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Threshold: 300_000 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: id(stack, outbox.publisher) } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id(stack, outbox.failureQueue), 'QueueName'] } }],
      Threshold: 1,
    });
  });

  test('the table has the sparse pending index the sweeper reads (pendingShard, createdAt)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        {
          IndexName: 'pending',
          KeySchema: [
            { AttributeName: 'pendingShard', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  test('the publisher knows the table and may mark, park and query rows in it', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ OUTBOX_TABLE_NAME: { Ref: id(stack, outbox.table) }, POWERTOOLS_SERVICE_NAME: 'outbox-publisher' }) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(outbox.publisher.role!.node.defaultChild as never) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem'],
            Resource: [{ 'Fn::GetAtt': [id(stack, outbox.table), 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id(stack, outbox.table), 'Arn'] }, '/index/pending']] }],
          }),
        ]),
      },
    });
  });

  test('a schedule rule runs the sweeper every minute, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [id(stack, outbox.sweeper), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [id(stack, outbox.sweeperDeadLetterQueue), 'Arn'] } },
        }),
      ],
    });
  });

  test('the sweeper sends rows pending 5 minutes to the bus; it may query, mark and park rows and PutEvents', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          OUTBOX_TABLE_NAME: { Ref: id(stack, outbox.table) },
          EVENT_BUS_NAME: 'event-router',
          SWEEP_AFTER_SECONDS: '300',
          POWERTOOLS_SERVICE_NAME: 'outbox-sweeper',
        }),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(outbox.sweeper.role!.node.defaultChild as never) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'events:PutEvents' }),
          Match.objectLike({ Action: ['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem'] }),
        ]),
      },
    });
  });

  test('alarms watch the sweeper: errors, its dead-letter queue, swept events and parked rows', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: id(stack, outbox.sweeper) } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id(stack, outbox.sweeperDeadLetterQueue), 'QueueName'] } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'EventRouter',
      MetricName: 'EventsProcessed',
      Dimensions: Match.arrayWith([{ Name: 'consumer', Value: 'outbox-sweeper' }]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'FILL(publisher, 0) + FILL(sweeper, 0)' })]),
    });
  });

  test('grantWrite lets a producer put rows (alone or in a transaction) and read sequence items, not query or delete them', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(producer.node.defaultChild as never) }],
      PolicyDocument: {
        Statement: [
          {
            Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [id(stack, outbox.table), 'Arn'] },
          },
        ],
      },
    });
  });
});

describe('Outbox validation', () => {
  test('retryAttempts beyond 10000 throws', () => {
    expect(() => build({ retryAttempts: 10_001 })).toThrow(InvalidPropError);
  });

  test('a sweepAfter under a minute throws, naming the prop', () => {
    expect(() => build({ sweepAfter: Duration.seconds(5) })).toThrow(/sweepAfter/);
  });

  test('a sweepInterval over an hour throws, naming the prop', () => {
    expect(() => build({ sweepInterval: Duration.hours(2) })).toThrow(/sweepInterval/);
  });

  test('a maxRecordAge under a minute throws', () => {
    expect(() => build({ maxRecordAge: Duration.seconds(10) })).toThrow(/maxRecordAge/);
  });
});
