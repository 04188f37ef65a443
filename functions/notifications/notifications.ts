import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { EventHandler } from 'event-router/runtime';
import { asRegisteredEvent, type RegisteredConsumedEvent } from '../../schemas/generated/event-types';
import { orderPaidV1Reader, orderPlacedV1_1Reader, orderShippedV1Reader } from '../../schemas/generated/compiled-validators';

/**
 * The schema version of each event type this consumer was written against: its validator reads
 * every event with these (a test checks they cover every registered type its rule matches).
 */
export const NOTIFICATIONS_READS = [orderPlacedV1_1Reader, orderPaidV1Reader, orderShippedV1Reader];

export interface NotificationsOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** The text a customer would receive for an order event; each branch reads its event's schema-typed data. */
export function notificationText(event: RegisteredConsumedEvent): string {
  switch (event.detailType) {
    case 'OrderPlaced':
      return `Thanks! We received order ${event.data.orderId} (${event.data.totalCents} ${event.data.currency} cents).`;
    case 'OrderPaid':
      return `Payment ${event.data.paymentId} for order ${event.data.orderId} was received.`;
    case 'OrderShipped': {
      const { orderId, carrier, trackingNumber } = event.data;
      return `Order ${orderId} is on its way with ${carrier}${trackingNumber ? `, tracking ${trackingNumber}` : ''}.`;
    }
  }
}

/**
 * Notifications consumer: records one notification per event in STATE_TABLE_NAME
 * (pk `order#<orderId>`, sk `notification#<eventId>`). It writes directly (not transactional): the
 * item is keyed by eventId, so the one repeat allowed after a crash overwrites the same item. With the
 * ordered consumer an order's notifications are created in its events' sequence order, whatever order
 * the events arrive in.
 */
export function createNotificationsHandler(options: NotificationsOptions): EventHandler {
  const { client, tableName } = options;
  if (!tableName) throw new Error('The notifications consumer needs its state table: set STATE_TABLE_NAME.');
  return async (event) => {
    const orderId = (event.data as { orderId?: unknown } | null)?.orderId;
    const subject = typeof orderId === 'string' ? `order#${orderId}` : `source#${event.source}`;
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall({
          pk: subject,
          sk: `notification#${event.idempotencyKey}`,
          detailType: event.detailType,
          channel: 'email',
          text: notificationText(asRegisteredEvent(event)),
          createdAt: new Date().toISOString(),
          ...(event.sequence === undefined ? {} : { sequence: event.sequence }),
          ...(event.correlationId === undefined ? {} : { correlationId: event.correlationId }),
        }),
      }),
    );
  };
}
