import { EventBridgeEngineError, InvalidEventError } from './errors';
import { matchesPattern, parseEvent, validatePattern } from './pattern';
import { constraintViolation, requireWireType, validationErrors } from './wire-shapes';

/** The longest EventPattern AWS's API takes (model shape `EventPattern`). */
export const MAX_EVENT_PATTERN_CHARS = 4096;

/** Envelope fields TestEventPattern requires of its event (AWS answers `Parameter Event is not valid.` otherwise). */
export const TEST_EVENT_REQUIRED_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

/**
 * TestEventPattern as AWS answers it: members of the wrong type (SerializationException), missing
 * or too long (ValidationException), an invalid pattern (InvalidEventPatternException) and an event
 * that is not a JSON object or lacks a required envelope field (ValidationException `Parameter
 * Event is not valid.`); else whether the event matches.
 */
export function testEventPattern(input: Record<string, unknown>): boolean {
  requireWireType(input.EventPattern, 'string', 'EventPattern');
  requireWireType(input.Event, 'string', 'Event');
  const violations: string[] = [];
  if (input.EventPattern === undefined || input.EventPattern === null) {
    violations.push("Value null at 'eventPattern' failed to satisfy constraint: Member must not be null");
  } else if ((input.EventPattern as string).length > MAX_EVENT_PATTERN_CHARS) {
    violations.push(
      constraintViolation(input.EventPattern as string, 'eventPattern', `Member must have length less than or equal to ${MAX_EVENT_PATTERN_CHARS}`),
    );
  }
  if (input.Event === undefined || input.Event === null) {
    violations.push("Value null at 'event' failed to satisfy constraint: Member must not be null");
  }
  if (violations.length > 0) {
    throw new EventBridgeEngineError(
      'ValidationException',
      `${validationErrors(violations)}. Send EventPattern (at most ${MAX_EVENT_PATTERN_CHARS} characters) and Event, both as JSON text.`,
    );
  }
  const pattern = input.EventPattern as string;
  validatePattern(pattern);
  const event = parseEvent(input.Event as string);
  const missing = TEST_EVENT_REQUIRED_FIELDS.filter((field) => event[field] === undefined || event[field] === null);
  if (missing.length > 0) {
    throw new InvalidEventError(
      `the event lacks ${missing.join(', ')}; TestEventPattern needs ${TEST_EVENT_REQUIRED_FIELDS.join(', ')} (the envelope EventBridge delivers)`,
    );
  }
  return matchesPattern(pattern, event);
}
