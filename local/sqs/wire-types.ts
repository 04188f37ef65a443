import { serializationError } from './errors';

/** Request members SQS's model types as strings, at the top level and in batch entries. */
const STRING_MEMBERS = [
  'QueueUrl',
  'QueueName',
  'QueueNamePrefix',
  'MessageBody',
  'MessageGroupId',
  'MessageDeduplicationId',
  'ReceiptHandle',
  'ReceiveRequestAttemptId',
  'Id',
] as const;

/** AWS's deserializer's words for a value that is not a string (the same front end as every AWS JSON service). */
function notAString(value: unknown): string {
  if (typeof value === 'number') return 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String';
  if (typeof value === 'boolean') return 'class java.lang.Boolean can not be converted to an String';
  return Array.isArray(value) ? 'Start of list found where not expected' : 'Start of structure or map found where not expected.';
}

function check(input: Record<string, unknown>, prefix: string): void {
  for (const member of STRING_MEMBERS) {
    const value = input[member];
    if (value === undefined || value === null || typeof value === 'string') continue;
    throw serializationError(`${notAString(value)} (${prefix}${member} must be a string; got ${JSON.stringify(value)?.slice(0, 80)}).`);
  }
}

/**
 * Refuses a request whose string members hold numbers, lists or objects with AWS's
 * SerializationException, instead of reading them as missing (a misleading `MissingParameter`).
 */
export function checkWireTypes(input: Record<string, unknown>): void {
  check(input, '');
  if (!Array.isArray(input.Entries)) return;
  input.Entries.forEach((entry, index) => {
    if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) check(entry as Record<string, unknown>, `Entries[${index}].`);
  });
}
