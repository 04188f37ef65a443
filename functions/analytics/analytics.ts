import { marshall } from '@aws-sdk/util-dynamodb';
import { transactional } from 'event-router/runtime';
import type { ConsumedEvent } from 'event-router/runtime';
import type { EventHandler } from 'event-router/runtime';

export interface AnalyticsOptions {
  readonly tableName: string;
}

/** The UTC day an event is counted on: when it occurred per the envelope, else EventBridge's `time`. */
export function dayOf(event: ConsumedEvent): string {
  const when = event.metadata?.occurredAt ?? event.time;
  const parsed = Date.parse(when);
  return (Number.isNaN(parsed) ? new Date() : new Date(parsed)).toISOString().slice(0, 10);
}

/**
 * Analytics consumer: counts events per detail-type and UTC day in STATE_TABLE_NAME
 * (pk `counts#<day>`, sk `<detailType>`, attribute `count`). A counter increment is not
 * idempotent, so it is returned as `transactional()`: counted exactly once per eventId.
 */
export function createAnalyticsHandler(options: AnalyticsOptions): EventHandler {
  const { tableName } = options;
  if (!tableName) throw new Error('The analytics consumer needs its state table: set STATE_TABLE_NAME.');
  return (event) =>
    transactional([
      {
        Update: {
          TableName: tableName,
          Key: marshall({ pk: `counts#${dayOf(event)}`, sk: event.detailType }),
          UpdateExpression: 'ADD #count :one SET lastEventId = :eventId',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: marshall({ ':one': 1, ':eventId': event.idempotencyKey }),
        },
      },
    ]);
}
