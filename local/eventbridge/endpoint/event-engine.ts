import type { RuleDefinition, TargetDefinition } from './bus-model';
import type { DeliveredEvent } from './target-delivery';

/** One PutEvents entry after validation: the envelope to route, or AWS's per-entry error. */
export type ValidatedEntry =
  | { readonly ok: true; readonly event: DeliveredEvent; readonly busName: string }
  | { readonly ok: false; readonly errorCode: string; readonly errorMessage: string };

/**
 * What the endpoint needs from the pattern engine (local/eventbridge): PutEvents validation,
 * rule matching and target input rendering. Kept as an interface so the HTTP layer does not
 * depend on the engine's internals.
 */
export interface EventEngine {
  /** Validates a PutEvents request body; throws `ValidationError` when AWS rejects the whole call. */
  validatePutEvents(request: Record<string, unknown>): ValidatedEntry[];
  /** Compiles a bus's rules once; the returned function lists the enabled rules an event matches. */
  compileRules(rules: readonly RuleDefinition[]): (event: DeliveredEvent) => RuleDefinition[];
  /**
   * The message body a target receives (Input / InputPath / InputTransformer, else the event);
   * undefined when AWS delivers nothing (InputPath matching nothing, a template that is not valid JSON).
   */
  renderTarget(target: TargetDefinition, event: DeliveredEvent): string | undefined;
  /**
   * TestEventPattern on the request as it arrived: throws AWS's error (`InvalidEventPatternException`,
   * `ValidationException`, `SerializationException`) for what AWS refuses.
   */
  testEventPattern(input: Record<string, unknown>): boolean;
}
