import { EventBridgeEngineError } from './errors';

/**
 * AWS's own answers for a request member of the wrong JSON type. EventBridge's front end
 * (Coral) deserializes the body before any validation and answers `SerializationException` with
 * these words, e.g. `Source: 123` gets `class com.amazon.coral.value.json.numbers.TruncatingBigNumber
 * can not be converted to an String`. The local endpoint appends where and what to send instead.
 */
export function wrongTypeMessage(value: unknown, expected: 'string' | 'list' | 'structure'): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (expected === 'string') {
    if (typeof value === 'string') return undefined;
    if (typeof value === 'number') return 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String';
    if (typeof value === 'boolean') return 'class java.lang.Boolean can not be converted to an String';
    return Array.isArray(value) ? 'Start of list found where not expected' : 'Start of structure or map found where not expected.';
  }
  if (expected === 'list') {
    if (Array.isArray(value)) return undefined;
    return typeof value === 'object' ? 'Start of structure or map found where not expected.' : 'Expected list or null';
  }
  if (Array.isArray(value)) return 'Start of list found where not expected';
  return typeof value === 'object' ? undefined : 'Expected null';
}

/** Throws AWS's `SerializationException` when `value` at `where` is not of the `expected` JSON type. */
export function requireWireType(value: unknown, expected: 'string' | 'list' | 'structure', where: string): void {
  const message = wrongTypeMessage(value, expected);
  if (message === undefined) return;
  const article = expected === 'structure' ? 'an object' : `a ${expected === 'list' ? 'JSON array' : 'string'}`;
  throw new EventBridgeEngineError('SerializationException', `${message} (${where} must be ${article}; got ${JSON.stringify(value)?.slice(0, 80)}).`);
}

/**
 * A member constraint AWS's front end checks after deserializing, in its words:
 * `Value 'x' at 'entries.1.member.eventBusName' failed to satisfy constraint: Member must ...`.
 */
export function constraintViolation(value: string, at: string, constraint: string): string {
  // AWS echoes the whole value; a 15,000-character pattern is cut, with its length said instead.
  const shown = value.length > 256 ? `${value.slice(0, 256)}...[${value.length} characters]` : value;
  return `Value '${shown}' at '${at}' failed to satisfy constraint: ${constraint}`;
}

/** AWS's `N validation error(s) detected: ...` for the violations found, joined as AWS joins them. */
export function validationErrors(violations: readonly string[]): string {
  return `${violations.length} validation error${violations.length === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}
