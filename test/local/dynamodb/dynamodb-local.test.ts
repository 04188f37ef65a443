import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';

test('DynamoDB Local starts on a loopback port, serves requests and stops', async () => {
  const ddb = await startDynamoDbLocal();
  const client = ddb.client();
  try {
    await client.send(
      new CreateTableCommand({
        TableName: 'probe-table',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    const described = await client.send(new DescribeTableCommand({ TableName: 'probe-table' }));
    expect(described.Table?.TableStatus).toBe('ACTIVE');
    expect(ddb.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  } finally {
    client.destroy();
    await ddb.stop();
  }
});
