import type { DynamoDbEventRecord } from './stream-event';

/** Why Lambda gave up on a stream batch. */
export type DiscardCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/** Inputs of {@link streamOnFailureRecord}. */
export interface DiscardedBatch {
  readonly records: readonly DynamoDbEventRecord[];
  readonly shardId: string;
  readonly streamArn: string;
  readonly functionArn: string;
  readonly requestId: string;
  readonly condition: DiscardCondition;
  readonly approximateInvokeCount: number;
  /** The last invocation failed with an error (rather than reporting batch item failures). */
  readonly functionError: boolean;
}

/**
 * The message Lambda sends to a stream mapping's `DestinationConfig.OnFailure` queue: the batch's location in the
 * stream (not the records), in AWS's format (conformance: test_lambda_integration_dynamodbstreams).
 */
export function streamOnFailureRecord(batch: DiscardedBatch, now = new Date()): Record<string, unknown> {
  const first = batch.records[0];
  const last = batch.records.at(-1)!;
  const arrival = (r: DynamoDbEventRecord) => new Date(r.dynamodb.ApproximateCreationDateTime * 1000).toISOString().replace('.000Z', 'Z');
  return {
    requestContext: {
      requestId: batch.requestId,
      functionArn: batch.functionArn,
      condition: batch.condition,
      approximateInvokeCount: batch.approximateInvokeCount,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      ...(batch.functionError ? { functionError: 'Unhandled' } : {}),
    },
    version: '1.0',
    timestamp: now.toISOString(),
    DDBStreamBatchInfo: {
      shardId: batch.shardId,
      startSequenceNumber: first.dynamodb.SequenceNumber,
      endSequenceNumber: last.dynamodb.SequenceNumber,
      approximateArrivalOfFirstRecord: arrival(first),
      approximateArrivalOfLastRecord: arrival(last),
      batchSize: batch.records.length,
      streamArn: batch.streamArn,
    },
  };
}
