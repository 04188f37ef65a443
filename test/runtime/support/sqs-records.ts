import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createEvent } from '../../../runtime/envelope/index';

let counter = 0;

/** An EventBridge event as a rule target receives it, carrying our envelope. */
export function eventBridgeEvent(data: Record<string, unknown>, overrides: { eventId?: string; detailType?: string } = {}): Record<string, unknown> {
  const event = createEvent({
    source: 'orders-service',
    detailType: overrides.detailType ?? 'OrderPlaced',
    eventType: 'order.placed',
    data,
    ...(overrides.eventId === undefined ? {} : { eventId: overrides.eventId }),
  });
  counter += 1;
  return {
    version: '0',
    id: `eb-${counter}-${Math.random().toString(36).slice(2)}`,
    'detail-type': event.detailType,
    source: event.source,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: event.detail,
  };
}

/** An SQS FIFO record as the Lambda event source mapping delivers it. */
export function sqsRecord(body: unknown, groupId: string | undefined, messageId?: string): SQSRecord {
  counter += 1;
  return {
    messageId: messageId ?? `msg-${counter}`,
    receiptHandle: `rh-${counter}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
      ...(groupId === undefined ? {} : { MessageGroupId: groupId, MessageDeduplicationId: `dedup-${counter}`, SequenceNumber: String(counter) }),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:consumer.fifo',
    awsRegion: 'us-east-1',
  };
}

export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** A Lambda context good enough for middy and Powertools. */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test-consumer',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test-consumer',
    memoryLimitInMB: '256',
    awsRequestId: `req-${Date.now()}`,
    logGroupName: '/aws/lambda/test-consumer',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
