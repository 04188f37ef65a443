/** What a schema validator sees: EventBridge's routing fields and the parsed `detail` object. */
export interface ValidatableEvent {
  readonly source: string;
  readonly detailType: string;
  readonly detail: unknown;
}

/**
 * Checks an event against its schema before it is published or after it is consumed.
 * Implementations throw a typed error naming the event and the violated rule; returning means valid.
 * The schema-registry implementation lives in `runtime/schemas/`. Declared here, in the envelope
 * layer, because both the parser (consume side) and the publisher (publish side) run it.
 */
export interface EventValidator {
  validate(event: ValidatableEvent): void;
}
