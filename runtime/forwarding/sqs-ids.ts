import { createHash } from 'node:crypto';

/** SQS MessageGroupId / MessageDeduplicationId: 1-128 chars of printable ASCII without space. */
const SQS_ID = /^[\x21-\x7E]{1,128}$/;

/** True when SQS accepts `value` as a MessageGroupId or MessageDeduplicationId as is. */
export function isValidSqsId(value: string): boolean {
  return SQS_ID.test(value);
}

/**
 * `value` itself when SQS accepts it as a group or deduplication id, otherwise its
 * SHA-256 (`sha256-<hex>`, 71 chars). Hashing is deterministic, so equal keys still
 * share a group and a redelivered event still dedupes.
 */
export function toSqsId(value: string): string {
  if (isValidSqsId(value)) return value;
  return `sha256-${createHash('sha256').update(value, 'utf8').digest('hex')}`;
}
