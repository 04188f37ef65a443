/** SDK-boundary mocks of one deployed router on AWS (account 123456789012): the stacks, queues and rules CloudFormation reports. */
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { connectAws, type OpsTarget } from '../../ops';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const queueUrl = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;

/** The resources CloudFormation lists for a consumer stack as the FifoConsumer construct creates them. */
export function consumerStackResources(stack: string, bus = 'event-router') {
  const q = (id: string, fifo = true) => queueUrl(`${stack}-Consumer${id}-ABC${fifo ? '.fifo' : ''}`);
  return [
    { LogicalResourceId: 'ConsumerQueue143592FF', PhysicalResourceId: q('Queue'), ResourceType: 'AWS::SQS::Queue' },
    { LogicalResourceId: 'ConsumerDeadLetterQueue41F42704', PhysicalResourceId: q('DeadLetterQueue'), ResourceType: 'AWS::SQS::Queue' },
    { LogicalResourceId: 'ConsumerBufferQueueF7AA086E', PhysicalResourceId: q('BufferQueue'), ResourceType: 'AWS::SQS::Queue' },
    { LogicalResourceId: 'ConsumerBufferDeadLetterQueue2D54313A', PhysicalResourceId: q('BufferDeadLetterQueue'), ResourceType: 'AWS::SQS::Queue' },
    { LogicalResourceId: 'ConsumerTargetDeadLetterQueue4132E734', PhysicalResourceId: q('TargetDeadLetterQueue', false), ResourceType: 'AWS::SQS::Queue' },
    { LogicalResourceId: 'ConsumerQueuePolicy5BE4A701', PhysicalResourceId: 'policy', ResourceType: 'AWS::SQS::QueuePolicy' },
    { LogicalResourceId: 'ConsumerRule9699B97F', PhysicalResourceId: `${bus}|${stack}-ConsumerRule-XYZ`, ResourceType: 'AWS::Events::Rule' },
    { LogicalResourceId: 'ConsumerDedupeTableAD749514', PhysicalResourceId: `${stack}-DedupeTable`, ResourceType: 'AWS::DynamoDB::Table' },
    { LogicalResourceId: 'ConsumerFunction1B019A9B', PhysicalResourceId: `${stack}-Function`, ResourceType: 'AWS::Lambda::Function' },
    { LogicalResourceId: 'ConsumerFunctionLogGroup45CFE282', PhysicalResourceId: `/aws/lambda/${stack}-Function`, ResourceType: 'AWS::Logs::LogGroup' },
    { LogicalResourceId: 'ConsumerForwarder66E7C8AC', PhysicalResourceId: `${stack}-Forwarder`, ResourceType: 'AWS::Lambda::Function' },
  ];
}

/** Mocks of every client the AWS target uses, with two consumers on the router's bus and one on another router's. */
export function mockRouter() {
  const cloudFormation = mockClient(CloudFormationClient);
  const sqs = mockClient(SQSClient);
  const cloudWatch = mockClient(CloudWatchClient);
  const logs = mockClient(CloudWatchLogsClient);
  const dynamodb = mockClient(DynamoDBClient);
  const eventBridge = mockClient(EventBridgeClient);
  cloudFormation.on(DescribeStacksCommand).resolves({
    Stacks: [
      { StackName: 'RouterStack', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Description: 'event-router: the bus' },
      { StackName: 'InventoryConsumerStack', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), Description: 'event-router consumer inventory: rule, FIFO queues' },
      { StackName: 'AnalyticsConsumerStack', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Description: 'event-router consumer analytics: rule, FIFO queues' },
      { StackName: 'OtherConsumerStack', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Description: 'event-router consumer other: rule, FIFO queues' },
    ],
  });
  for (const stack of ['InventoryConsumerStack', 'AnalyticsConsumerStack']) {
    cloudFormation.on(ListStackResourcesCommand, { StackName: stack }).resolves({ StackResourceSummaries: consumerStackResources(stack) as never });
  }
  cloudFormation.on(ListStackResourcesCommand, { StackName: 'OtherConsumerStack' }).resolves({ StackResourceSummaries: consumerStackResources('OtherConsumerStack', 'another-router') as never });
  cloudFormation.on(ListStackResourcesCommand, { StackName: 'NopeConsumerStack' }).rejects(Object.assign(new Error('Stack with id NopeConsumerStack does not exist'), { name: 'ValidationError' }));
  sqs.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string; AttributeNames?: string[] }) => {
    const name = input.QueueUrl.split('/').at(-1)!;
    return { Attributes: { QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`, MessageRetentionPeriod: name.includes('DeadLetter') ? '1209600' : '345600', ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' } };
  });
  // No open gaps unless a test says otherwise (the `gaps` index of each dedupe table).
  dynamodb.on(QueryCommand).resolves({ Items: [] });
  const clients = {
    cloudFormation: new CloudFormationClient({ region: REGION }),
    cloudWatch: new CloudWatchClient({ region: REGION }),
    logs: new CloudWatchLogsClient({ region: REGION }),
    sqs: new SQSClient({ region: REGION }),
    eventBridge: new EventBridgeClient({ region: REGION }),
    dynamodb: new DynamoDBClient({ region: REGION }),
  };
  const connect = (): Promise<OpsTarget> => connectAws({ region: REGION, clients });
  const restore = () => [cloudFormation, sqs, cloudWatch, logs, dynamodb, eventBridge].forEach((mock) => mock.restore());
  return { cloudFormation, sqs, cloudWatch, logs, dynamodb, eventBridge, connect, restore };
}
