import { MalformedEventError, parseSqsMessageBody } from '../../../runtime/envelope';
import { loadForwardingConfig, toForwardedMessage } from '../../../runtime/forwarding';

// The forwarder and the consumer raise one MalformedEventError for a buffered body that is no
// EventBridge event, so a parked message's ErrorType is the same whichever hop parked it.
const UNORDERED = loadForwardingConfig({ TARGET_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/inventory-queue.fifo' });

function malformed(body: string): MalformedEventError {
  try {
    toForwardedMessage('m-1', body, UNORDERED);
  } catch (error) {
    if (error instanceof MalformedEventError) return error;
    throw error;
  }
  throw new Error(`expected ${body} to be refused as malformed`);
}

describe('toForwardedMessage on a body that is no EventBridge event', () => {
  test('a body that is not JSON is a MalformedEventError on field body, naming the message and what to do', () => {
    const error = malformed('{not json');
    expect(error).toMatchObject({ name: 'MalformedEventError', field: 'body', messageId: 'm-1' });
    expect(error.message).toMatch(/^Malformed event in message m-1: body is not valid JSON \(.+\); only the consumer rule should send to the buffer queue/);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  test('a JSON value that is not an object is a MalformedEventError on field event', () => {
    for (const body of ['[1,2]', 'null', '"text"', '42']) expect(malformed(body)).toMatchObject({ field: 'event', messageId: 'm-1' });
  });

  test('an event with neither an envelope eventId nor an EventBridge id is a MalformedEventError on field id', () => {
    expect(malformed(JSON.stringify({ source: 'orders-service', detail: { data: {} } }))).toMatchObject({ field: 'id', messageId: 'm-1' });
  });

  test('the class is the one the consumer parser raises for the same body', () => {
    expect(() => parseSqsMessageBody('{not json')).toThrow(MalformedEventError);
    expect(malformed('{not json')).toBeInstanceOf(MalformedEventError);
  });
});
