import { createHash } from 'node:crypto';
import type { MessageAttributeValue } from './model';

/** Hex MD5 of the UTF-8 bytes of `text`: the `MD5OfBody` the SDK checks on send and receive. */
export function md5OfText(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * `MD5OfMessageAttributes` as AWS computes it: attributes sorted by name, each encoded as
 * length-prefixed name, length-prefixed data type, a transport byte (1 string/number, 2 binary)
 * and the length-prefixed value; lengths are 4-byte big-endian.
 */
export function md5OfMessageAttributes(attributes: Readonly<Record<string, MessageAttributeValue>>): string {
  const hash = createHash('md5');
  const lengthPrefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name];
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(value.DataType, 'utf8'));
    if (value.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      lengthPrefixed(Buffer.from(value.BinaryValue, 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      lengthPrefixed(Buffer.from(value.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}
