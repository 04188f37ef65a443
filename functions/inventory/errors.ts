/** The reservations an event moves are not there (yet): its OrderPlaced / OrderPaid was not applied. Retried, never acknowledged. */
export class PreconditionMissingError extends Error {
  constructor(orderId: string, from: string, to: string) {
    super(`Order ${orderId} has no ${from} reservations to move to ${to}: the event it depends on was not applied yet. It is retried; after MAX_ATTEMPTS it is parked.`);
    this.name = 'PreconditionMissingError';
  }
}
