import { InvalidPropError } from './errors';

/** `value` when it is a whole number in [min, max]; otherwise an InvalidPropError naming `prop`. */
export function integerIn(path: string, prop: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidPropError(path, prop, value, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}
