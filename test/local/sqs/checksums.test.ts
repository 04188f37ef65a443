import { md5OfMessageAttributes } from '../../../local/sqs/checksums';

// Published reference digests (npm package aws-md5-of-message-attributes, which follows AWS's algorithm).
const binary = Buffer.from('Hello binary world!').toString('base64');

describe('MD5OfMessageAttributes', () => {
  test('a string attribute', () => {
    expect(md5OfMessageAttributes({ attribName1: { DataType: 'String', StringValue: 'attribValue 1' } })).toBe('19e27d4e946b072f3f58da80d94fd778');
  });

  test('a number attribute with a custom type suffix', () => {
    expect(
      md5OfMessageAttributes({ customNumberTypeAttrib: { DataType: 'Number.float', StringValue: '4563442423554324324264524243.32543234' } }),
    ).toBe('9fe1b90bbd9965bdf77bac517c7d2495');
  });

  test('a binary attribute', () => {
    expect(md5OfMessageAttributes({ binaryAttribute: { DataType: 'Binary', BinaryValue: binary } })).toBe('31a92b15d92f8db860eda32aceb656c3');
  });

  test('several attributes, whatever order they are given in', () => {
    expect(
      md5OfMessageAttributes({
        customNumberTypeAttrib: { DataType: 'Number.float', StringValue: '4563442423554324324264524243.32543234' },
        binaryAttribute: { DataType: 'Binary', BinaryValue: binary },
        attribName1: { DataType: 'String', StringValue: 'attribValue 1' },
      }),
    ).toBe('c932db14a896c663f83c260297d594ff');
  });
});
