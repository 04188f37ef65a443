import { InvalidOrderCommandError } from './errors';

export const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;
export const PAYMENT_METHODS = ['card', 'paypal', 'bank-transfer'] as const;
export const CARRIERS = ['dhl', 'ups', 'fedex', 'postnl'] as const;

export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

export interface PlaceOrder {
  readonly action: 'place';
  readonly orderId: string | undefined;
  readonly customerId: string;
  readonly lines: readonly OrderLine[];
  readonly currency: (typeof CURRENCIES)[number];
  readonly correlationId: string | undefined;
}

export interface PayOrder {
  readonly action: 'pay';
  readonly orderId: string;
  readonly amountCents: number;
  readonly method: (typeof PAYMENT_METHODS)[number];
  readonly paymentId: string | undefined;
  readonly correlationId: string | undefined;
}

export interface ShipOrder {
  readonly action: 'ship';
  readonly orderId: string;
  readonly carrier: (typeof CARRIERS)[number];
  readonly trackingNumber: string | undefined;
  readonly correlationId: string | undefined;
}

export type OrderCommand = PlaceOrder | PayOrder | ShipOrder;

const ORDER_ID = /^ord_[A-Za-z0-9]+$/;
type Json = Record<string, unknown>;

function text(input: Json, field: string, path: string = field): string {
  const value = input[field];
  if (typeof value !== 'string' || value.length === 0) throw new InvalidOrderCommandError(path, 'must be a non-empty string');
  return value;
}

function optionalText(input: Json, field: string): string | undefined {
  return input[field] === undefined || input[field] === null ? undefined : text(input, field);
}

function integer(input: Json, field: string, minimum: number, path: string = field): number {
  const value = input[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new InvalidOrderCommandError(path, `must be an integer >= ${minimum}`);
  }
  return value;
}

function oneOf<T extends string>(input: Json, field: string, allowed: readonly T[]): T {
  const value = input[field];
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new InvalidOrderCommandError(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function orderId(input: Json): string {
  const value = text(input, 'orderId');
  if (!ORDER_ID.test(value)) throw new InvalidOrderCommandError('orderId', 'must look like ord_ followed by letters and digits');
  return value;
}

function lines(input: Json): OrderLine[] {
  const value = input['lines'];
  if (!Array.isArray(value) || value.length === 0) throw new InvalidOrderCommandError('lines', 'must be a non-empty array');
  // The inventory consumer commits one order's reservations in one transaction (99 writes, 2 per line).
  if (value.length > 40) throw new InvalidOrderCommandError('lines', 'must have at most 40 lines');
  return value.map((line, index) => {
    if (typeof line !== 'object' || line === null) throw new InvalidOrderCommandError(`lines[${index}]`, 'must be an object');
    const l = line as Json;
    const at = `lines[${index}]`;
    return {
      sku: text(l, 'sku', `${at}.sku`),
      quantity: integer(l, 'quantity', 1, `${at}.quantity`),
      unitPriceCents: integer(l, 'unitPriceCents', 0, `${at}.unitPriceCents`),
    };
  });
}

/** Reads an invocation payload (or an API Gateway-style `body` string) into a typed command; throws `InvalidOrderCommandError`. */
export function parseOrderCommand(payload: unknown): OrderCommand {
  let input: unknown = payload;
  if (typeof payload === 'object' && payload !== null && typeof (payload as Json)['body'] === 'string') {
    try {
      input = JSON.parse((payload as Json)['body'] as string);
    } catch {
      throw new InvalidOrderCommandError('body', 'is not JSON');
    }
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new InvalidOrderCommandError('command', 'must be a JSON object');
  const json = input as Json;
  const correlationId = optionalText(json, 'correlationId');
  switch (json['action']) {
    case 'place': {
      const id = json['orderId'] === undefined ? undefined : orderId(json);
      return {
        action: 'place',
        orderId: id,
        customerId: text(json, 'customerId'),
        lines: lines(json),
        currency: oneOf(json, 'currency', CURRENCIES),
        correlationId,
      };
    }
    case 'pay':
      return {
        action: 'pay',
        orderId: orderId(json),
        amountCents: integer(json, 'amountCents', 0),
        method: oneOf(json, 'method', PAYMENT_METHODS),
        paymentId: optionalText(json, 'paymentId'),
        correlationId,
      };
    case 'ship':
      return {
        action: 'ship',
        orderId: orderId(json),
        carrier: oneOf(json, 'carrier', CARRIERS),
        trackingNumber: optionalText(json, 'trackingNumber'),
        correlationId,
      };
    default:
      throw new InvalidOrderCommandError('action', "must be 'place', 'pay' or 'ship'");
  }
}
