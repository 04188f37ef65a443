import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createEvent } from '../../runtime/envelope/index';
import { toOutboxRow } from '../../runtime/outbox/index';
import { lambdaContext } from '../runtime/support/sqs-records';

type Handler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

interface WireEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName: string;
  Time?: number;
}

/** A minimal PutEvents endpoint (AWS JSON 1.1) that records entries and throttles the first attempt of every third one. */
let server: Server;
const received: WireEntry[][] = [];
const throttledOnce = new Set<string>();
/** Rows the publisher marked published (DynamoDB BatchWriteItem calls on the same endpoint). */
const marked: string[] = [];
let handler: Handler;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.headers['x-amz-target'] === 'DynamoDB_20120810.BatchWriteItem') {
        const items = (JSON.parse(body) as { RequestItems: Record<string, { PutRequest: { Item: Record<string, { S?: string }> } }[]> }).RequestItems;
        for (const request of items['outbox'] ?? []) marked.push(request.PutRequest.Item['sk']!.S!);
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ UnprocessedItems: {} }));
        return;
      }
      const entries = (JSON.parse(body) as { Entries: WireEntry[] }).Entries;
      received.push(entries);
      const results = entries.map((entry, i) => {
        const data = JSON.parse(entry.Detail).data as { step: number };
        const key = entry.Detail;
        if (data.step % 3 === 0 && !throttledOnce.has(key)) {
          throttledOnce.add(key);
          return { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' };
        }
        return { EventId: `eb-${received.length}-${i}` };
      });
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${port}`,
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
    OUTBOX_TABLE_NAME: 'outbox',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    EVENT_BUS_NAME: 'orders-bus',
  });
  handler = ((await import('../../handlers/outbox-publisher/index')) as { handler: Handler }).handler;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function streamEvent(count: number): { event: DynamoDBStreamEvent; eventIds: string[] } {
  const eventIds: string[] = [];
  const Records: DynamoDBRecord[] = Array.from({ length: count }, (_, i) => {
    const event = createEvent({
      source: 'orders-service',
      detailType: 'OrderPlaced',
      eventType: 'order.placed',
      data: { orderId: `ord_${i % 4}`, step: i },
    });
    const row = toOutboxRow({ entityKey: `order#ord_${i % 4}`, event }, Date.now(), 3600);
    if (typeof row === 'string') throw new Error(row);
    eventIds.push(row['sk']!.S!);
    return { eventName: 'INSERT', dynamodb: { SequenceNumber: String(1000 + i), NewImage: row as never } };
  });
  return { event: { Records }, eventIds };
}

test('the entry point publishes every outbox INSERT to EVENT_BUS_NAME through the real SDK client, retrying throttled entries', async () => {
  const { event, eventIds } = streamEvent(25);
  const response = await handler(event, lambdaContext());
  expect(response).toEqual({ batchItemFailures: [] });
  const all = received.flat();
  expect(new Set(all.map((entry) => JSON.parse(entry.Detail).metadata.eventId as string))).toEqual(new Set(eventIds));
  // Every throttled entry was sent again and accepted the second time.
  expect(throttledOnce.size).toBeGreaterThan(0);
  for (const detail of throttledOnce) expect(all.filter((entry) => entry.Detail === detail)).toHaveLength(2);
  expect(received.flat().every((entry) => entry.EventBusName === 'orders-bus' && entry.Source === 'orders-service' && entry.Time !== undefined)).toBe(
    true,
  );
  expect(received.every((call) => call.length <= 10)).toBe(true);
  // Then marked published in OUTBOX_TABLE_NAME, so the sweeper leaves them alone.
  expect(new Set(marked)).toEqual(new Set(eventIds));
});
