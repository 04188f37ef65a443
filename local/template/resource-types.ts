import { UnsupportedResourceTypeError } from './errors';

/** Resource types the local runtime stands up, and what runs them. */
export const SUPPORTED_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::Table': 'a table on DynamoDB Local (keys, GSIs, LSIs, stream, TTL)',
  'AWS::SQS::Queue': 'a queue on the local SQS endpoint (FIFO, dedup, visibility, retention, redrive)',
  'AWS::Lambda::Function': 'the bundled asset from cdk.out in a worker thread',
  'AWS::Lambda::EventSourceMapping': 'an SQS or DynamoDB stream poller that invokes the function',
  'AWS::Events::EventBus': 'a bus on the local EventBridge endpoint',
  'AWS::Events::Rule': 'a rule (pattern, targets) on the local EventBridge endpoint',
  'AWS::Events::Archive': 'an archive (pattern, retention) on the local EventBridge endpoint, replayed with StartReplay',
};

/**
 * Resource types that have no behaviour to emulate locally and are accepted on purpose, each with the reason.
 * Anything not listed here or above is refused with {@link UnsupportedResourceTypeError}.
 */
export const NO_OP_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'no IAM locally: every call is allowed',
  'AWS::IAM::Policy': 'no IAM locally: every call is allowed',
  'AWS::IAM::ManagedPolicy': 'no IAM locally: every call is allowed',
  'AWS::SQS::QueuePolicy': 'resource policies are not enforced locally',
  'AWS::Events::EventBusPolicy': 'read by the EventBridge endpoint: callers of other accounts are held to its events:source lists',
  'AWS::Lambda::Permission': 'resource policies are not enforced locally',
  'AWS::Logs::LogGroup': 'function logs go to the runtime output instead',
  'AWS::CloudWatch::Alarm': 'no CloudWatch locally; the status view shows the same figures',
  'AWS::CloudWatch::CompositeAlarm': 'no CloudWatch locally',
  'AWS::CloudWatch::Dashboard': 'no CloudWatch locally',
  'AWS::SNS::Topic': 'no alarms fire locally, so the alarm topic has nothing to deliver',
  'AWS::SNS::TopicPolicy': 'resource policies are not enforced locally',
  'AWS::SNS::Subscription': 'no alarms fire locally, so the alarm topic has nothing to deliver',
  'AWS::KMS::Key': 'no encryption at rest locally',
  'AWS::KMS::Alias': 'no encryption at rest locally',
  'AWS::EventSchemas::Registry': 'schemas are checked by the publisher and CI, not by a registry',
  'AWS::EventSchemas::Schema': 'schemas are checked by the publisher and CI, not by a registry',
  'AWS::EventSchemas::Discoverer': 'schemas are checked by the publisher and CI, not by a registry',
  'AWS::CDK::Metadata': 'CDK usage metadata, no resource',
};

/** How the local runtime treats a resource type. */
export type ResourceSupport = 'supported' | 'no-op';

/** Says how a resource type is handled; throws {@link UnsupportedResourceTypeError} naming the resource otherwise. */
export function resourceSupport(stackName: string, logicalId: string, type: string): ResourceSupport {
  if (type in SUPPORTED_RESOURCE_TYPES) return 'supported';
  if (type in NO_OP_RESOURCE_TYPES) return 'no-op';
  throw new UnsupportedResourceTypeError(stackName, logicalId, type);
}
