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
