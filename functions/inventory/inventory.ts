import type { Logger } from '@aws-lambda-powertools/logger';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { transactional } from 'event-router/runtime';
import type { TransactionalResult } from 'event-router/runtime';
import type { EventHandler } from 'event-router/runtime';
import { orderPaidV1Reader, orderPlacedV1_1Reader, orderShippedV1Reader } from '../../schemas/generated/compiled-validators';
import { PreconditionMissingError } from './errors';

interface Line {
  readonly sku: string;
  readonly quantity: number;
}

interface Reservation extends Line {
  readonly status: 'RESERVED' | 'COMMITTED' | 'RELEASED';
}


/** Where each status's quantity is counted on the stock row `sku#<sku>` / `stock`. */
const COUNTER = { RESERVED: 'reserved', COMMITTED: 'committed', RELEASED: 'shipped' } as const;

/**
 * The schema version of each event type this consumer was written against: its validator reads
 * every event with these (a test checks they cover every registered type its rule matches).
 */
export const INVENTORY_READS = [orderPlacedV1_1Reader, orderPaidV1Reader, orderShippedV1Reader];

export interface InventoryOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

function orderIdOf(data: unknown): string {
  const orderId = (data as { orderId?: unknown } | null)?.orderId;
  if (typeof orderId !== 'string' || orderId === '') throw new Error('Order event without data.orderId: cannot locate its reservations.');
  return orderId;
}

function linesOf(data: unknown): Line[] {
  const lines = (data as { lines?: unknown } | null)?.lines;
  if (!Array.isArray(lines)) throw new Error('OrderPlaced without data.lines: nothing to reserve.');
  // Several lines of one SKU make one reservation: a transaction may touch an item only once.
  const bySku = new Map<string, number>();
  for (const line of lines as { sku?: unknown; quantity?: unknown }[]) {
    if (typeof line.sku !== 'string' || typeof line.quantity !== 'number') throw new Error('OrderPlaced line without sku/quantity.');
    bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
  }
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}

function stockMove(tableName: string, sku: string, from: string | undefined, to: string, quantity: number): TransactWriteItem {
  const updates = from === undefined ? `ADD ${to} :q` : `ADD ${to} :q, ${from} :minus`;
  return {
    Update: {
      TableName: tableName,
      Key: marshall({ pk: `sku#${sku}`, sk: 'stock' }),
      UpdateExpression: updates,
      ExpressionAttributeValues: marshall(from === undefined ? { ':q': quantity } : { ':q': quantity, ':minus': -quantity }),
    },
  };
}

/**
 * Inventory consumer: OrderPlaced reserves each SKU's quantity for the order, OrderPaid commits the
 * reservations, OrderShipped releases them as shipped. All writes are returned as `transactional()`,
 * so they are committed exactly once with the dedupe marker, even across crashes and redeliveries.
 */
export function createInventoryHandler(options: InventoryOptions): EventHandler {
  const { client, tableName } = options;
  if (!tableName) throw new Error('The inventory consumer needs its state table: set STATE_TABLE_NAME.');
  const reservations = async (orderId: string): Promise<Reservation[]> => {
    const response = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: marshall({ ':pk': `order#${orderId}`, ':prefix': 'reservation#' }),
        ConsistentRead: true,
      }),
    );
    return (response.Items ?? []).map((item) => unmarshall(item) as Reservation);
  };
  const transition = async (orderId: string, from: Reservation['status'], to: Reservation['status'], log: Logger): Promise<TransactionalResult<undefined>> => {
    const current = (await reservations(orderId)).filter((r) => r.status === from);
    if (current.length === 0) {
      // Never acknowledge an effect that could not happen: a sequenced event cannot get here before the
      // one it depends on (it is held), an unsequenced one fails and is retried until its predecessor is
      // applied, and after MAX_ATTEMPTS it is parked with this reason instead of being dropped.
      log.warn('No reservations to move yet: failing so the event is retried, not dropped', { orderId, from, to });
      throw new PreconditionMissingError(orderId, from, to);
    }
    return transactional(
      current.flatMap((r) => [
        {
          Update: {
            TableName: tableName,
            Key: marshall({ pk: `order#${orderId}`, sk: `reservation#${r.sku}` }),
            UpdateExpression: 'SET #status = :to',
            ConditionExpression: '#status = :from',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: marshall({ ':to': to, ':from': from }),
          },
        },
        stockMove(tableName, r.sku, COUNTER[from], COUNTER[to], r.quantity),
      ]),
    );
  };

  return async (event, context) => {
    const orderId = orderIdOf(event.data);
    switch (event.detailType) {
      case 'OrderPlaced':
        return transactional(
          linesOf(event.data).flatMap((line) => [
            {
              Put: {
                TableName: tableName,
                Item: marshall({ pk: `order#${orderId}`, sk: `reservation#${line.sku}`, sku: line.sku, quantity: line.quantity, status: 'RESERVED' }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            stockMove(tableName, line.sku, undefined, COUNTER.RESERVED, line.quantity),
          ]),
        );
      case 'OrderPaid':
        return transition(orderId, 'RESERVED', 'COMMITTED', context.logger);
      case 'OrderShipped':
        return transition(orderId, 'COMMITTED', 'RELEASED', context.logger);
      default:
        context.logger.info('Event type not handled by inventory', { detailType: event.detailType });
        return undefined;
    }
  };
}
