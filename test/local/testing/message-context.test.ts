import { testMessageContext } from '../../../local/testing/index';

describe('testMessageContext', () => {
  test('is a first delivery with a Lambda context that has time left', () => {
    const context = testMessageContext();

    expect(context).toMatchObject({ messageId: 'test-message', groupId: undefined, receiveCount: 1 });
    expect(context.lambdaContext.getRemainingTimeInMillis()).toBe(30_000);
    expect(typeof context.logger.info).toBe('function');
  });

  test('takes overrides, e.g. a redelivery in a message group', () => {
    expect(testMessageContext({ receiveCount: 3, groupId: 'order-1' })).toMatchObject({ receiveCount: 3, groupId: 'order-1' });
  });
});
