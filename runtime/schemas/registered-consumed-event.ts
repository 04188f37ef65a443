import type { ConsumedEvent } from '../envelope/index';
import type { EventDataByDetailType } from './generated/event-types';

/**
 * A consumed event of a registered detail-type, its `data` typed by the generated schema types
 * and narrowed by `detailType` (a `switch (event.detailType)` gives each branch its data type).
 * Only true when the consumer parses with `createConsumerValidator()`, which checks `data`
 * against the schema before the handler runs; see `asRegisteredEvent`.
 */
export type RegisteredConsumedEvent = {
  [K in keyof EventDataByDetailType]: ConsumedEvent<EventDataByDetailType[K]> & { readonly detailType: K };
}[keyof EventDataByDetailType];

/**
 * Views a consumed event as a registered one. Call it only in a handler whose consumer parses
 * with `createConsumerValidator()`: the validator has refused every event whose detail-type is
 * not registered or whose data does not match its schema, so the type holds.
 */
export function asRegisteredEvent(event: ConsumedEvent): RegisteredConsumedEvent {
  return event as RegisteredConsumedEvent;
}
