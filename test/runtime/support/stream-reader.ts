import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/** Reads every record currently in a DynamoDB Local stream, in shard order, shaped as Lambda delivers them. */
export async function readStream(endpoint: string, streamArn: string): Promise<DynamoDBStreamEvent> {
  const streams = new DynamoDBStreamsClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const records: DynamoDBRecord[] = [];
    for (const shard of described.StreamDescription?.Shards ?? []) {
      const iterator = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      let next = iterator.ShardIterator;
      for (let round = 0; next !== undefined && round < 20; round += 1) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: next }));
        for (const record of page.Records ?? []) {
          records.push({
            eventID: record.eventID,
            eventName: record.eventName as DynamoDBRecord['eventName'],
            eventVersion: record.eventVersion,
            eventSource: 'aws:dynamodb',
            awsRegion: 'us-east-1',
            eventSourceARN: streamArn,
            dynamodb: {
              Keys: record.dynamodb?.Keys as never,
              NewImage: record.dynamodb?.NewImage as never,
              SequenceNumber: record.dynamodb?.SequenceNumber,
              SizeBytes: record.dynamodb?.SizeBytes,
              StreamViewType: 'NEW_IMAGE',
            },
          });
        }
        if ((page.Records ?? []).length === 0) break;
        next = page.NextShardIterator;
      }
    }
    records.sort((a, b) => (BigInt(a.dynamodb!.SequenceNumber!) < BigInt(b.dynamodb!.SequenceNumber!) ? -1 : 1));
    return { Records: records };
  } finally {
    streams.destroy();
  }
}
