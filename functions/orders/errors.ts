/** Base class of the orders service's errors; `code` is stable for callers. */
export class OrderError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OrderError';
    this.code = code;
  }
}

/** The command is not a valid place/pay/ship request; `field` names what is wrong. */
export class InvalidOrderCommandError extends OrderError {
  readonly field: string;
  constructor(field: string, reason: string) {
    super('InvalidCommand', `Invalid order command: ${field} ${reason}.`);
    this.name = 'InvalidOrderCommandError';
    this.field = field;
  }
}

/** The order does not exist. */
export class OrderNotFoundError extends OrderError {
  constructor(orderId: string) {
    super('OrderNotFound', `Order ${orderId} does not exist; place it first.`);
    this.name = 'OrderNotFoundError';
  }
}

/** The order exists but is not in a state that allows the action. */
export class OrderStateError extends OrderError {
  constructor(orderId: string, action: string, status: string, expected: string) {
    super('InvalidState', `Cannot ${action} order ${orderId}: it is ${status}, it must be ${expected}.`);
    this.name = 'OrderStateError';
  }
}

/** The payment does not match the order. */
export class PaymentMismatchError extends OrderError {
  constructor(orderId: string, amountCents: number, totalCents: number, currency: string) {
    super('PaymentMismatch', `Payment of ${amountCents} for order ${orderId} does not match its total of ${totalCents} ${currency}.`);
    this.name = 'PaymentMismatchError';
  }
}

/** Another request changed the order between our read and our write; retrying the command is safe. */
export class ConcurrentOrderUpdateError extends OrderError {
  constructor(orderId: string, options?: { cause?: unknown }) {
    super('ConcurrentUpdate', `Order ${orderId} was changed by another request meanwhile; retry the command.`, options);
    this.name = 'ConcurrentOrderUpdateError';
  }
}

/** An order with this id exists already. */
export class OrderAlreadyExistsError extends OrderError {
  constructor(orderId: string) {
    super('OrderExists', `Order ${orderId} already exists; use a new orderId or omit it.`);
    this.name = 'OrderAlreadyExistsError';
  }
}
