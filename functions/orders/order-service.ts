import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createEvent, newEventId } from 'event-router/runtime';
import { OutboxTransactionCanceledError, writeWithOutbox } from 'event-router/runtime';
import type { EventValidator } from 'event-router/runtime';
import type { OrderCommand, OrderLine, PayOrder, PlaceOrder, ShipOrder } from './commands';
import { ConcurrentOrderUpdateError, OrderAlreadyExistsError, OrderNotFoundError, OrderStateError, PaymentMismatchError } from './errors';

export const ORDERS_SOURCE = 'orders-service';

/** The order row in ORDERS_TABLE_NAME (pk `order#<id>`, sk `order`). */
export interface OrderRecord {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly OrderLine[];
  readonly totalCents: number;
  readonly currency: string;
  readonly status: 'PLACED' | 'PAID' | 'SHIPPED';
  readonly version: number;
  readonly paymentId?: string;
  readonly shipmentId?: string;
  readonly updatedAt: string;
}

/** What a command did. */
export interface OrderCommandResult {
  readonly orderId: string;
  readonly status: OrderRecord['status'];
  readonly eventId: string;
  /** The event's `metadata.sequence`: OrderPlaced 1, OrderPaid 2, OrderShipped 3 for each order. */
  readonly sequence: number;
}

export interface OrderServiceOptions {
  readonly client: DynamoDBClient;
  readonly ordersTableName: string;
  readonly outboxTableName: string;
  /** Schema check of every event before it is written to the outbox. @default none */
  readonly validator?: EventValidator;
}

const orderKey = (orderId: string) => ({ pk: `order#${orderId}`, sk: 'order' });

/**
 * The example orders service: each command changes the order row and writes the matching event
 * (OrderPlaced / OrderPaid / OrderShipped) to the outbox in one transaction, guarded by the row's
 * version so two concurrent commands cannot both win.
 */
export class OrderService {
  readonly #options: OrderServiceOptions;

  constructor(options: OrderServiceOptions) {
    this.#options = options;
  }

  /** Runs one command; throws an `OrderError` subclass when the order does not allow it. */
  async execute(command: OrderCommand): Promise<OrderCommandResult> {
    switch (command.action) {
      case 'place':
        return this.#place(command);
      case 'pay':
        return this.#pay(command);
      case 'ship':
        return this.#ship(command);
    }
  }

  async #load(orderId: string): Promise<OrderRecord> {
    const response = await this.#options.client.send(
      new GetItemCommand({ TableName: this.#options.ordersTableName, Key: marshall(orderKey(orderId)), ConsistentRead: true }),
    );
    if (response.Item === undefined) throw new OrderNotFoundError(orderId);
    return unmarshall(response.Item) as OrderRecord;
  }

  async #commit(
    order: OrderRecord,
    previousVersion: number | undefined,
    detailType: string,
    eventType: string,
    data: object,
    correlationId?: string,
  ) {
    const event = createEvent({ source: ORDERS_SOURCE, detailType, eventType, data, correlationId });
    const write: TransactWriteItem = {
      Put: {
        TableName: this.#options.ordersTableName,
        Item: marshall({ ...orderKey(order.orderId), ...order }, { removeUndefinedValues: true }),
        ...(previousVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: marshall({ ':expected': previousVersion }) }),
      },
    };
    try {
      // The entity key names the order: writeWithOutbox numbers its events 1, 2, 3 in the same transaction.
      const { eventIds, sequences } = await writeWithOutbox(this.#options.client, {
        outboxTableName: this.#options.outboxTableName,
        ...(this.#options.validator === undefined ? {} : { validator: this.#options.validator }),
        writes: [write],
        events: [{ entityKey: `order#${order.orderId}`, event }],
      });
      return { orderId: order.orderId, status: order.status, eventId: eventIds[0]!, sequence: sequences[0]! };
    } catch (error) {
      if (error instanceof OutboxTransactionCanceledError && error.conditionFailedOnWrite(0)) {
        if (previousVersion === undefined) throw new OrderAlreadyExistsError(order.orderId);
        throw new ConcurrentOrderUpdateError(order.orderId, { cause: error });
      }
      throw error;
    }
  }

  async #place(command: PlaceOrder): Promise<OrderCommandResult> {
    const orderId = command.orderId ?? `ord_${newEventId()}`;
    const totalCents = command.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
    const order: OrderRecord = {
      orderId,
      customerId: command.customerId,
      lines: command.lines,
      totalCents,
      currency: command.currency,
      status: 'PLACED',
      version: 1,
      updatedAt: new Date().toISOString(),
    };
    const data = { orderId, customerId: order.customerId, lines: order.lines, totalCents, currency: order.currency };
    return this.#commit(order, undefined, 'OrderPlaced', 'order.placed', data, command.correlationId);
  }

  async #pay(command: PayOrder): Promise<OrderCommandResult> {
    const current = await this.#load(command.orderId);
    if (current.status !== 'PLACED') throw new OrderStateError(command.orderId, 'pay', current.status, 'PLACED');
    if (command.amountCents !== current.totalCents)
      throw new PaymentMismatchError(command.orderId, command.amountCents, current.totalCents, current.currency);
    const paymentId = command.paymentId ?? `pay_${newEventId()}`;
    const order: OrderRecord = { ...current, status: 'PAID', paymentId, version: current.version + 1, updatedAt: new Date().toISOString() };
    const data = { orderId: command.orderId, paymentId, amountCents: command.amountCents, currency: current.currency, method: command.method };
    return this.#commit(order, current.version, 'OrderPaid', 'order.paid', data, command.correlationId);
  }

  async #ship(command: ShipOrder): Promise<OrderCommandResult> {
    const current = await this.#load(command.orderId);
    if (current.status !== 'PAID') throw new OrderStateError(command.orderId, 'ship', current.status, 'PAID');
    const shipmentId = `shp_${newEventId()}`;
    const shippedAt = new Date().toISOString();
    const order: OrderRecord = { ...current, status: 'SHIPPED', shipmentId, version: current.version + 1, updatedAt: shippedAt };
    const data = { orderId: command.orderId, shipmentId, carrier: command.carrier, trackingNumber: command.trackingNumber ?? null, shippedAt };
    return this.#commit(order, current.version, 'OrderShipped', 'order.shipped', data, command.correlationId);
  }
}
