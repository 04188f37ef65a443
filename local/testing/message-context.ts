import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { MessageContext } from '../../runtime/fifo/index';

/**
 * A `MessageContext` for calling a consumer's `EventHandler` directly in a unit test, as
 * `fifoConsumer` would for a first delivery: a silent logger, a Lambda context with 30 s left.
 */
export function testMessageContext(overrides: Partial<MessageContext> = {}): MessageContext {
  const lambdaContext: Context = {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test-consumer',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:test-consumer',
    memoryLimitInMB: '512',
    awsRequestId: 'test-request',
    logGroupName: '/aws/lambda/test-consumer',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  return {
    messageId: 'test-message',
    groupId: undefined,
    receiveCount: 1,
    lambdaContext,
    logger: new Logger({ serviceName: 'test-consumer', logLevel: 'SILENT' }),
    ...overrides,
  };
}
