import { createHash } from 'node:crypto';

/** Where the local runtime pretends to be, and where its endpoints listen. */
export interface LocalEnvironment {
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly urlSuffix: string;
  /** `http://127.0.0.1:<port>` of the SQS endpoint: queue URLs are `<endpoint>/<account>/<name>`. */
  readonly sqsEndpoint: string;
}

/** The local account and region the runtime uses unless told otherwise (the same as the EventBridge endpoint's). */
export const DEFAULT_ACCOUNT_ID = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

/** What `Ref` and `Fn::GetAtt` return for a resource. */
export interface ResourceIdentity {
  /** The `Ref` value: a name, URL or id, as CloudFormation returns for the type. */
  readonly ref: string;
  /** `Fn::GetAtt` attributes by name. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** Property names that carry a resource's physical name, per type (resolved before anything else). */
export const NAME_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::SQS::Queue': ['QueueName', 'FifoQueue'],
  'AWS::DynamoDB::Table': ['TableName'],
  'AWS::Lambda::Function': ['FunctionName'],
  'AWS::Events::EventBus': ['Name'],
  'AWS::Events::Rule': ['Name', 'EventBusName'],
  'AWS::Events::Archive': ['ArchiveName'],
  'AWS::IAM::Role': ['RoleName'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::CloudWatch::Alarm': ['AlarmName'],
  'AWS::EventSchemas::Registry': ['RegistryName'],
  'AWS::EventSchemas::Schema': ['RegistryName', 'SchemaName'],
};

/**
 * Names a resource the way CloudFormation would (its explicit name property, else `<stack>-<logicalId>` cut to
 * the service's length limit with a short hash so cut names stay unique) and derives its Ref, ARN and URL.
 */
export function identityOf(
  stackName: string,
  logicalId: string,
  type: string,
  names: Readonly<Record<string, unknown>>,
  env: LocalEnvironment,
): ResourceIdentity {
  const arnPrefix = (service: string) => `arn:${env.partition}:${service}:${env.region}:${env.accountId}`;
  const explicit = (key: string) => (typeof names[key] === 'string' ? (names[key] as string) : undefined);
  switch (type) {
    case 'AWS::SQS::Queue': {
      const fifo = names.FifoQueue === true || names.FifoQueue === 'true';
      const name = explicit('QueueName') ?? generatedName(stackName, logicalId, fifo ? 75 : 80) + (fifo ? '.fifo' : '');
      const url = `${env.sqsEndpoint}/${env.accountId}/${name}`;
      return { ref: url, attributes: { Arn: `${arnPrefix('sqs')}:${name}`, QueueName: name, QueueUrl: url } };
    }
    case 'AWS::DynamoDB::Table': {
      const name = explicit('TableName') ?? generatedName(stackName, logicalId, 255);
      const arn = `${arnPrefix('dynamodb')}:table/${name}`;
      // The label of DynamoDB Local's real stream differs; the stream poller finds the stream by table name.
      return { ref: name, attributes: { Arn: arn, StreamArn: `${arn}/stream/local` } };
    }
    case 'AWS::Lambda::Function': {
      const name = explicit('FunctionName') ?? generatedName(stackName, logicalId, 64);
      return { ref: name, attributes: { Arn: `${arnPrefix('lambda')}:function:${name}` } };
    }
    case 'AWS::Events::EventBus': {
      const name = explicit('Name') ?? generatedName(stackName, logicalId, 256);
      return { ref: name, attributes: { Arn: `${arnPrefix('events')}:event-bus/${name}`, Name: name } };
    }
    case 'AWS::Events::Rule': {
      const name = explicit('Name') ?? generatedName(stackName, logicalId, 64);
      const busValue = explicit('EventBusName');
      const bus = busValue === undefined ? undefined : busValue.slice(busValue.lastIndexOf('/') + 1);
      const arn = bus === undefined || bus === 'default' ? `${arnPrefix('events')}:rule/${name}` : `${arnPrefix('events')}:rule/${bus}/${name}`;
      return { ref: bus === undefined || bus === 'default' ? name : `${bus}|${name}`, attributes: { Arn: arn } };
    }
    case 'AWS::Events::Archive': {
      const name = explicit('ArchiveName') ?? generatedName(stackName, logicalId, 48);
      return { ref: name, attributes: { Arn: `${arnPrefix('events')}:archive/${name}` } };
    }
    case 'AWS::IAM::Role': {
      const name = explicit('RoleName') ?? generatedName(stackName, logicalId, 64);
      return { ref: name, attributes: { Arn: `arn:${env.partition}:iam::${env.accountId}:role/${name}`, RoleId: `AROA${hash(name, 16).toUpperCase()}` } };
    }
    case 'AWS::Logs::LogGroup': {
      const name = explicit('LogGroupName') ?? generatedName(stackName, logicalId, 512);
      return { ref: name, attributes: { Arn: `${arnPrefix('logs')}:log-group:${name}:*` } };
    }
    case 'AWS::CloudWatch::Alarm': {
      const name = explicit('AlarmName') ?? generatedName(stackName, logicalId, 255);
      return { ref: name, attributes: { Arn: `${arnPrefix('cloudwatch')}:alarm:${name}` } };
    }
    case 'AWS::EventSchemas::Registry': {
      const name = explicit('RegistryName') ?? generatedName(stackName, logicalId, 64);
      const arn = `${arnPrefix('schemas')}:registry/${name}`;
      return { ref: arn, attributes: { RegistryArn: arn, RegistryName: name } };
    }
    case 'AWS::EventSchemas::Schema': {
      const registry = explicit('RegistryName') ?? 'default';
      const name = explicit('SchemaName') ?? generatedName(stackName, logicalId, 385);
      const arn = `${arnPrefix('schemas')}:schema/${registry}/${name}`;
      return { ref: arn, attributes: { SchemaArn: arn, SchemaName: name, SchemaVersion: '1' } };
    }
    case 'AWS::KMS::Key': {
      const id = hashUuid(`${stackName}/${logicalId}`);
      return { ref: id, attributes: { Arn: `${arnPrefix('kms')}:key/${id}`, KeyId: id } };
    }
    case 'AWS::Lambda::EventSourceMapping': {
      const id = hashUuid(`${stackName}/${logicalId}`);
      return { ref: id, attributes: { EventSourceMappingArn: `${arnPrefix('lambda')}:event-source-mapping:${id}`, Id: id } };
    }
    default: {
      // No-op types: a stable id is all a reference to them can need locally.
      const name = generatedName(stackName, logicalId, 128);
      const service = type.split('::')[1]?.toLowerCase() ?? 'unknown';
      return { ref: name, attributes: { Arn: `${arnPrefix(service)}:${name}` } };
    }
  }
}

/** `<stack>-<logicalId>`, or a cut version ending in a hash of the full name when longer than `max`. */
function generatedName(stackName: string, logicalId: string, max: number): string {
  const full = `${stackName}-${logicalId}`;
  if (full.length <= max) return full;
  const suffix = hash(full, 8);
  return `${full.slice(0, max - suffix.length - 1)}-${suffix}`;
}

function hash(value: string, length: number): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length);
}

function hashUuid(value: string): string {
  const h = hash(value, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
