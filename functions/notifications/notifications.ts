import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { ConsumedEvent } from '../../runtime/envelope/index';
import type { EventHandler } from '../../runtime/fifo/index';

export interface NotificationsOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** The text a customer would receive for an order event. */
export function notificationText(event: ConsumedEvent): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const orderId = String(data['orderId'] ?? 'your order');
  switch (event.detailType) {
    case 'OrderPlaced':
      return `Thanks! We received order ${orderId} (${data['totalCents']} ${data['currency']} cents).`;
    case 'OrderPaid':
      return `Payment ${data['paymentId']} for order ${orderId} was received.`;
    case 'OrderShipped':
      return `Order ${orderId} is on its way with ${data['carrier']}${data['trackingNumber'] ? `, tracking ${data['trackingNumber']}` : ''}.`;
    default:
      return `${event.detailType} for ${orderId}.`;
  }
}

/**
 * Notifications consumer: records one notification per event in STATE_TABLE_NAME
 * (pk `order#<orderId>`, sk `notification#<eventId>`). It writes directly (not transactional): the
 * item is keyed by eventId, so the one repeat allowed after a crash overwrites the same item.
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
          text: notificationText(event),
          createdAt: new Date().toISOString(),
          ...(event.correlationId === undefined ? {} : { correlationId: event.correlationId }),
        }),
      }),
    );
  };
}
