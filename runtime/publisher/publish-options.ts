import { DEFAULT_MAX_ENTRY_BYTES } from './entry';
import { InvalidPublishOptionError } from './errors';
import type { PublishOptions } from './publish';

function wholeNumber(option: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidPublishOptionError(option, value, `give a whole number from ${min} to ${max}, or leave it out for the default`);
  }
}

function milliseconds(option: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidPublishOptionError(option, value, 'give a number of milliseconds, 0 or more, or leave it out for the default');
  }
}

/**
 * Checks `publish()` options once, before any event is looked at: a bad value fails loudly
 * instead of, e.g., never sending (maxAttempts 0) or refusing every event (maxEntryBytes 0).
 * @throws InvalidPublishOptionError naming the option, the value and the valid range
 */
export function validatePublishOptions(options: PublishOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new InvalidPublishOptionError('options', options, 'pass an object with at least { client }');
  }
  if (options.client === null || typeof options.client !== 'object' || typeof options.client.send !== 'function') {
    throw new InvalidPublishOptionError('client', typeof options.client, 'pass an EventBridgeClient (anything with send(PutEventsCommand))');
  }
  if (options.eventBusName !== undefined && (typeof options.eventBusName !== 'string' || options.eventBusName.trim() === '')) {
    throw new InvalidPublishOptionError('eventBusName', options.eventBusName, 'give the bus name or ARN, or leave it out for the default bus');
  }
  wholeNumber('maxEntryBytes', options.maxEntryBytes, 1, DEFAULT_MAX_ENTRY_BYTES);
  wholeNumber('maxDeliveredBytes', options.maxDeliveredBytes, 1, DEFAULT_MAX_ENTRY_BYTES);
  wholeNumber('maxAttempts', options.maxAttempts, 1, 100);
  milliseconds('baseDelayMs', options.baseDelayMs);
  milliseconds('maxDelayMs', options.maxDelayMs);
  if ((options.maxDelayMs ?? 5000) < (options.baseDelayMs ?? 100)) {
    throw new InvalidPublishOptionError('maxDelayMs', options.maxDelayMs ?? 5000, `must be at least baseDelayMs (${options.baseDelayMs ?? 100})`);
  }
}
