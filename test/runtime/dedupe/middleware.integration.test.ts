import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import { startDynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import type { DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { DedupeConfigError, dedupe, transactional } from '../../../runtime/dedupe/index';
import { createDedupeTable, createPkSkTable } from '../support/tables';
import { eventBridgeEvent, lambdaContext } from '../support/sqs-records';
import { recordingTelemetry } from '../support/telemetry';

let ddb: DynamoDbLocal;
let client: DynamoDBClient;

beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  client = ddb.client();
  await createDedupeTable(client, 'dedupe');
  await createPkSkTable(client, 'state');
});
afterAll(async () => {
  client.destroy();
  await ddb.stop();
});

describe('dedupe() middy middleware for single EventBridge events', () => {
  test('the handler runs once per eventId; a duplicate returns early and is counted', async () => {
    let calls = 0;
    const telemetry = recordingTelemetry('mailer');
    const handler = middy(async () => {
      calls += 1;
      return undefined;
    }).use(dedupe({ client, tableName: 'dedupe', consumerName: 'mailer', telemetry }));
    const event = eventBridgeEvent({ orderId: 'ord_1' });
    expect(await handler(event, lambdaContext())).toBeUndefined();
    expect(await handler(event, lambdaContext())).toMatchObject({ skipped: 'duplicate' });
    expect(calls).toBe(1);
    expect(telemetry.counts.get('DuplicatesSkipped')).toBe(1);
    expect(telemetry.counts.get('EventsProcessed')).toBe(1);
  });

  test('a failing handler writes no marker, so the retry runs it again', async () => {
    let calls = 0;
    const handler = middy(async () => {
      calls += 1;
      if (calls === 1) throw new Error('transient');
    }).use(dedupe({ client, tableName: 'dedupe', consumerName: 'retrying' }));
    const event = eventBridgeEvent({ orderId: 'ord_2' });
    await expect(handler(event, lambdaContext())).rejects.toThrow('transient');
    await handler(event, lambdaContext());
    expect(calls).toBe(2);
  });

  test('transactional() writes are committed with the marker and the wrapped response is returned', async () => {
    const handler = middy(async () =>
      transactional(
        [
          {
            Update: {
              TableName: 'state',
              Key: marshall({ pk: 'c', sk: 'c' }),
              UpdateExpression: 'ADD n :one',
              ExpressionAttributeValues: marshall({ ':one': 1 }),
            },
          },
        ],
        'done',
      ),
    ).use(dedupe({ client, tableName: 'dedupe', consumerName: 'counter' }));
    const event = eventBridgeEvent({ orderId: 'ord_3' });
    expect(await handler(event, lambdaContext())).toBe('done');
    await handler(event, lambdaContext());
    const item = await client.send(new GetItemCommand({ TableName: 'state', Key: marshall({ pk: 'c', sk: 'c' }) }));
    expect(unmarshall(item.Item!)['n']).toBe(1);
  });

  test('the parsed event is on the context, so the handler does not parse it again', async () => {
    let seen: unknown;
    const handler = middy(async (_event: unknown, context: { consumedEvent?: { idempotencyKey: string } }) => {
      seen = context.consumedEvent?.idempotencyKey;
    }).use(dedupe({ client, tableName: 'dedupe', consumerName: 'ctx' }));
    const event = eventBridgeEvent({ orderId: 'ord_4' });
    await handler(event, lambdaContext());
    expect(seen).toBe((event['detail'] as { metadata: { eventId: string } }).metadata.eventId);
  });

  test('missing configuration fails when the middleware is created', () => {
    expect(() => dedupe({ client, consumerName: 'x', tableName: '' })).toThrow(DedupeConfigError);
  });
});
