import {
  CreateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type LocalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import type { ResolvedResource } from '../template';
import { ProvisioningError } from './errors';

/** A table the runtime created. */
export interface LocalTable {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** The stream ARN the template refers to (`Fn::GetAtt [T, StreamArn]`), when the table has a stream. */
  readonly streamArn?: string;
  readonly ttlAttribute?: string;
}

type Props = Record<string, unknown>;

/** Creates every `AWS::DynamoDB::Table` on DynamoDB Local: keys, GSIs, LSIs, stream and TTL. */
export async function provisionTables(client: DynamoDBClient, resources: readonly ResolvedResource[]): Promise<LocalTable[]> {
  const tables = resources.filter((r) => r.type === 'AWS::DynamoDB::Table');
  return Promise.all(tables.map((table) => provisionTable(client, table)));
}

async function provisionTable(client: DynamoDBClient, resource: ResolvedResource): Promise<LocalTable> {
  const where = `${resource.stackName}/${resource.logicalId}`;
  const props = resource.properties;
  const name = resource.physicalId;
  const onDemand = props.BillingMode === 'PAY_PER_REQUEST';
  const throughput = (p: unknown) =>
    onDemand ? undefined : ((p as CreateTableCommandInput['ProvisionedThroughput']) ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 });
  const stream = props.StreamSpecification as Props | undefined;
  const input: CreateTableCommandInput = {
    TableName: name,
    KeySchema: props.KeySchema as CreateTableCommandInput['KeySchema'],
    AttributeDefinitions: props.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    ProvisionedThroughput: throughput(props.ProvisionedThroughput),
    GlobalSecondaryIndexes: (props.GlobalSecondaryIndexes as Props[] | undefined)?.map(
      (gsi): GlobalSecondaryIndex => ({
        IndexName: gsi.IndexName as string,
        KeySchema: gsi.KeySchema as GlobalSecondaryIndex['KeySchema'],
        Projection: gsi.Projection as GlobalSecondaryIndex['Projection'],
        ProvisionedThroughput: throughput(gsi.ProvisionedThroughput),
      }),
    ),
    LocalSecondaryIndexes: (props.LocalSecondaryIndexes as Props[] | undefined)?.map(
      (lsi): LocalSecondaryIndex => ({
        IndexName: lsi.IndexName as string,
        KeySchema: lsi.KeySchema as LocalSecondaryIndex['KeySchema'],
        Projection: lsi.Projection as LocalSecondaryIndex['Projection'],
      }),
    ),
    StreamSpecification:
      stream?.StreamViewType !== undefined
        ? { StreamEnabled: true, StreamViewType: stream.StreamViewType as 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY' }
        : undefined,
  };
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    throw new ProvisioningError(where, `DynamoDB Local refused table ${name}: ${(error as Error).message}`, { cause: error });
  }
  const ttl = props.TimeToLiveSpecification as Props | undefined;
  const ttlAttribute = ttl?.Enabled === true || ttl?.Enabled === 'true' ? String(ttl.AttributeName) : undefined;
  if (ttlAttribute !== undefined) {
    try {
      await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true } }));
    } catch (error) {
      throw new ProvisioningError(where, `could not enable TTL on ${ttlAttribute}: ${(error as Error).message}`, { cause: error });
    }
  }
  return {
    stackName: resource.stackName,
    logicalId: resource.logicalId,
    name,
    arn: resource.attributes.Arn,
    streamArn: input.StreamSpecification === undefined ? undefined : resource.attributes.StreamArn,
    ttlAttribute,
  };
}
