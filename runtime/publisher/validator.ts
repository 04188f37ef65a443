/** What a schema validator sees: EventBridge's routing fields and the parsed `detail` object. */
export interface ValidatableEvent {
  readonly source: string;
  readonly detailType: string;
  readonly detail: unknown;
}

/**
 * Checks an event against its schema before it is published or after it is consumed.
 * Implementations throw a typed error naming the event and the violated rule; returning means valid.
 * The schema-registry implementation lives in `runtime/schemas/`.
 */
export interface EventValidator {
  validate(event: ValidatableEvent): void;
}

let defaultValidator: EventValidator | undefined;

/** Installs the validator `publish()` uses when its options name none (pass `undefined` to remove it). */
export function setDefaultEventValidator(validator: EventValidator | undefined): void {
  defaultValidator = validator;
}

/** The validator installed by `setDefaultEventValidator`, if any. */
export function getDefaultEventValidator(): EventValidator | undefined {
  return defaultValidator;
}
