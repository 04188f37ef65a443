import type { EventValidator } from '../envelope/index';

let defaultValidator: EventValidator | undefined;

/** Installs the validator `publish()` uses when its options name none (pass `undefined` to remove it). */
export function setDefaultEventValidator(validator: EventValidator | undefined): void {
  defaultValidator = validator;
}

/** The validator installed by `setDefaultEventValidator`, if any. */
export function getDefaultEventValidator(): EventValidator | undefined {
  return defaultValidator;
}
