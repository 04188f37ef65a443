import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { lambdaContext } from '../runtime/support/sqs-records';

type Handler = (event: unknown, context: Context) => Promise<{ examined: number; published: number }>;

/** A DynamoDB endpoint whose outbox has no pending row: every Query answers no items. */
let server: Server;
let handler: Handler;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ Items: [], Count: 0, ScannedCount: 0 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${port}`,
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
    OUTBOX_TABLE_NAME: 'outbox',
    EVENT_BUS_NAME: 'orders-bus',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_NAMESPACE: 'EventRouter',
  });
  handler = ((await import('../../handlers/outbox-sweeper/index')) as { handler: Handler }).handler;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test('a sweep with nothing pending records a 0 data point instead of an empty-metrics warning', async () => {
  const written: string[] = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture as never);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture as never);
  try {
    await expect(handler({}, lambdaContext())).resolves.toMatchObject({ examined: 0, published: 0 });
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const output = written.join('');
  expect(output).not.toContain('No application metrics to publish');
  const emf = output.split('\n').filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(emf.some((line) => line['EventsProcessed'] === 0)).toBe(true);
});
