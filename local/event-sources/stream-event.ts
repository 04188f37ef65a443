import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';

/** One record of the event Lambda gives a function for a DynamoDB stream (`DynamoDBRecord`). */
export interface DynamoDbEventRecord extends Record<string, unknown> {
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly eventVersion: string;
  readonly eventSource: 'aws:dynamodb';
  readonly awsRegion: string;
  readonly dynamodb: {
    /** Epoch seconds, as Lambda passes it. */
    readonly ApproximateCreationDateTime: number;
    readonly Keys?: Record<string, unknown>;
    readonly NewImage?: Record<string, unknown>;
    readonly OldImage?: Record<string, unknown>;
    readonly SequenceNumber: string;
    readonly SizeBytes: number;
    readonly StreamViewType: string;
  };
  readonly eventSourceARN: string;
  readonly userIdentity?: unknown;
}

/**
 * Converts a record read from DynamoDB Local's stream to Lambda's event shape: binary attributes as base64,
 * the creation time as epoch seconds, and the region and stream ARN the template knows (DynamoDB Local
 * reports its own).
 */
export function dynamoDbEventRecord(record: StreamRecord, streamArn: string, region: string): DynamoDbEventRecord {
  const d = record.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  const seconds = created instanceof Date ? created.getTime() / 1000 : Number(created ?? Date.now() / 1000);
  return {
    eventID: record.eventID ?? '',
    eventName: record.eventName as DynamoDbEventRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(seconds),
      ...(d.Keys !== undefined ? { Keys: plainImage(d.Keys) } : {}),
      ...(d.NewImage !== undefined ? { NewImage: plainImage(d.NewImage) } : {}),
      ...(d.OldImage !== undefined ? { OldImage: plainImage(d.OldImage) } : {}),
      SequenceNumber: d.SequenceNumber ?? '',
      SizeBytes: d.SizeBytes ?? 0,
      StreamViewType: d.StreamViewType ?? 'NEW_IMAGE',
    },
    eventSourceARN: streamArn,
    ...(record.userIdentity !== undefined ? { userIdentity: record.userIdentity } : {}),
  };
}

function plainImage(image: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, plainValue(v)]));
}

/** An AttributeValue as JSON: the SDK gives binaries as bytes, Lambda's event carries them base64-encoded. */
function plainValue(value: unknown): unknown {
  const v = value as Record<string, unknown>;
  if (v.B !== undefined) return { B: Buffer.from(v.B as Uint8Array).toString('base64') };
  if (v.BS !== undefined) return { BS: (v.BS as Uint8Array[]).map((b) => Buffer.from(b).toString('base64')) };
  if (v.M !== undefined) return { M: plainImage(v.M as Record<string, unknown>) };
  if (v.L !== undefined) return { L: (v.L as unknown[]).map(plainValue) };
  // The SDK's union objects carry `$unknown` only for shapes it does not know; drop undefined members.
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
}
