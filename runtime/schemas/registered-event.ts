import { createEvent, type CreateEventInput } from '../envelope/builder';
import type { EventDetail, PublishableEvent } from '../envelope/types';
import { EVENT_ROUTING, type EventDataByTypeAndVersion, type RegisteredEventType, type RegisteredEventVersion } from './generated/event-types';

/** The data type of one registered event version: `EventData<'order.placed', '1.1'>`. */
export type EventData<T extends RegisteredEventType, V extends RegisteredEventVersion<T>> = EventDataByTypeAndVersion[T][V];

/** Input of `createRegisteredEvent`: `source` and `detailType` come from the registry. */
export type CreateRegisteredEventInput<T extends RegisteredEventType, V extends RegisteredEventVersion<T>> = Omit<
  CreateEventInput<EventData<T, V>>,
  'source' | 'detailType' | 'eventType' | 'eventVersion' | 'data'
> & {
  readonly eventType: T;
  /** The schema version the data is written in; explicit, so a producer never drifts to a new version unnoticed. */
  readonly eventVersion: V;
  readonly data: EventData<T, V>;
};

/**
 * Builds an enveloped event whose `data` is typed by its schema version, with the `source` and
 * `detail-type` registered for its event type. Validation still happens in `publish()`.
 */
export function createRegisteredEvent<T extends RegisteredEventType, V extends RegisteredEventVersion<T>>(
  input: CreateRegisteredEventInput<T, V>,
): PublishableEvent<EventDetail<EventData<T, V>>> {
  const routing = EVENT_ROUTING[input.eventType];
  return createEvent<EventData<T, V>>({ ...input, source: routing.source, detailType: routing.detailType });
}
