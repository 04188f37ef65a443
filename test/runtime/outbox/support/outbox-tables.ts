import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CREATED_AT_ATTRIBUTE, PENDING_INDEX_NAME, PENDING_SHARD_ATTRIBUTE } from '../../../../runtime/outbox/index';

/** Creates an outbox table as the `Outbox` construct declares it: pk/sk, NEW_IMAGE stream, the sparse pending index. Returns the stream ARN. */
export async function createOutboxTable(client: DynamoDBClient, tableName: string): Promise<string> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: PENDING_SHARD_ATTRIBUTE, AttributeType: 'S' },
        { AttributeName: CREATED_AT_ATTRIBUTE, AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: PENDING_INDEX_NAME,
          KeySchema: [
            { AttributeName: PENDING_SHARD_ATTRIBUTE, KeyType: 'HASH' },
            { AttributeName: CREATED_AT_ATTRIBUTE, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  return described.Table!.LatestStreamArn!;
}
