export {
  EventBridgeEngineError,
  InvalidEventPatternError,
  InvalidEventError,
  PutEventsValidationError,
  InvalidTargetInputError,
  INVALID_PATTERN_PREFIX,
} from './errors';
export { matchesPattern, validatePattern, compilePattern, parseEvent, toFlatEvent } from './pattern';
export type { CompiledPattern, PatternOptions, ArrayMatching } from './pattern';
export type { FlatEvent, Leaf, LeafValue } from './event-leaves';
export { RuleSet } from './rule-set';
export type { RuleInput } from './rule-set';
export { validatePutEvents, busName, secondPrecision } from './put-events';
export type {
  PutEventsRequestInput,
  PutEventsEntryInput,
  PutEventsOptions,
  PutEventsResult,
  PutEventsResultEntry,
  DeliveredEvent,
} from './put-events';
export {
  entrySize,
  DEFAULT_MAX_ENTRY_BYTES as MAX_ENTRY_SIZE_BYTES,
  LEGACY_MAX_ENTRY_BYTES as LEGACY_MAX_ENTRY_SIZE_BYTES,
} from '../../runtime/publisher/index';
export { applyTarget, validateTargetInput } from './input-transform';
export type { TargetInput, TargetContext } from './input-transform';
export { readJsonPath } from './json-path';
export { testEventPattern, MAX_EVENT_PATTERN_CHARS, TEST_EVENT_REQUIRED_FIELDS } from './test-event-pattern';
export { MAX_JSON_NESTING_DEPTH, jsonTextDepth, valueDepth } from './json-depth';
