import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { buildSync } from 'esbuild';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import { startSqs, type LocalSqs } from '../../local/sqs';
import type { EventHandler } from '../../runtime/fifo';
import { orderedConsumer } from '../runtime/support/ordered-consumer';
import { eventBridgeEvent, sqsRecord } from '../runtime/support/sqs-records';
import { createDedupeTable } from '../runtime/support/tables';
import { REPO } from './support';

// Bad messages reaching consumers, run through the real consumer on DynamoDB Local and the local
// SQS (ids MSG-nn in docs/reliability.md): each is parked at once with its reason, and nothing
// else waits behind it.

let ddb: DynamoDbLocal;
let client: DynamoDBClient;
let sqs: LocalSqs;
const TABLE = 'reliability-dedupe';

beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  client = ddb.client();
  sqs = await startSqs();
  await createDedupeTable(client, TABLE);
});
afterAll(async () => {
  client?.destroy();
  await sqs?.stop();
  await ddb?.stop();
});

/** A handler recording the orderId of each event it applies. */
function recorder(): { applied: string[]; handler: EventHandler } {
  const applied: string[] = [];
  return { applied, handler: async (event) => void applied.push((event.data as { orderId: string }).orderId) };
}

const attribute = (message: Message | undefined, name: string) => message?.MessageAttributes?.[name]?.StringValue;

describe('messages reaching consumers', () => {
  test('MSG-05: a malformed event reaching an unordered consumer is parked at once with MalformedEventError and its reason; the others of its batch are applied', async () => {
    const { applied, handler } = recorder();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler, sequencing: { ordered: false } });
    const response = await c.invoke([
      sqsRecord(eventBridgeEvent({ orderId: 'ord_1' }), 'analytics'),
      sqsRecord('{"detail": {"metadata": ', 'analytics'),
      sqsRecord(eventBridgeEvent({ orderId: 'ord_2' }), 'analytics'),
    ]);
    expect(response.batchItemFailures).toEqual([]);
    expect(applied).toEqual(['ord_1', 'ord_2']);
    const parked = await c.receiveAll(c.dlqUrl);
    expect(parked).toHaveLength(1);
    expect(attribute(parked[0], 'ErrorType')).toBe('MalformedEventError');
    expect(attribute(parked[0], 'ErrorMessage')).toMatch(/body is not valid JSON/);
    expect(attribute(parked[0], 'ParkedBy')).toBe('consumer');
  });

  test('MSG-06: an eventId reused for different content is parked as ContentConflictError saying what happened, not skipped as processed concurrently', async () => {
    const { applied, handler } = recorder();
    const c = await orderedConsumer({ client, sqs, tableName: TABLE, handler, sequencing: { ordered: false } });
    await c.invoke([sqsRecord(eventBridgeEvent({ orderId: 'ord_x', total: 1 }, { eventId: 'evt-reused-1' }), 'g')]);
    const response = await c.invoke([sqsRecord(eventBridgeEvent({ orderId: 'ord_y', total: 2 }, { eventId: 'evt-reused-1' }), 'g')]);
    expect(response.batchItemFailures).toEqual([]);
    expect(applied).toEqual(['ord_x']);
    const parked = await c.receiveAll(c.dlqUrl);
    expect(parked).toHaveLength(1);
    expect(attribute(parked[0], 'ErrorType')).toBe('ContentConflictError');
    expect(attribute(parked[0], 'EventId')).toBe('evt-reused-1');
    expect(attribute(parked[0], 'ErrorMessage')).toMatch(/evt-reused-1/);
    expect(attribute(parked[0], 'ErrorMessage')).not.toMatch(/concurrently/);
    expect(c.telemetry.counts.get('DuplicatesSkipped')).toBeUndefined();
  });

  test('MSG-07: a bundled, minified consumer parks a malformed message with ErrorType MalformedEventError, the real class name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reliability-bundle-'));
    try {
      // The options RouterFunction bundles with (lib/router-function.ts): minified, keepNames, ESM.
      buildSync({
        entryPoints: [join(REPO, 'functions', 'analytics', 'index.ts')],
        outfile: join(dir, 'index.mjs'),
        bundle: true,
        minify: true,
        keepNames: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
        logLevel: 'silent',
      });
      const sqsClient = (await orderedConsumer({ client, sqs, tableName: TABLE, handler: async () => undefined })).sqs;
      const dlqUrl = (await sqsClient.send(new CreateQueueCommand({ QueueName: 'bundled-dlq.fifo', Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
      const script = `
        const { handler } = await import(${JSON.stringify(join(dir, 'index.mjs'))});
        const context = { functionName: 'analytics', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 60000 };
        const result = await handler({ Records: [${JSON.stringify(sqsRecord('not json', 'analytics'))}] }, context);
        process.stdout.write('\\n' + JSON.stringify(result));
      `;
      // Asynchronously: the local SQS the bundle calls runs in this process.
      const run = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'l',
          AWS_SECRET_ACCESS_KEY: 'l',
          AWS_ENDPOINT_URL_SQS: sqs.endpoint,
          AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
          CONSUMER_NAME: 'analytics',
          DEDUPE_TABLE_NAME: TABLE,
          STATE_TABLE_NAME: 'unused',
          DEAD_LETTER_QUEUE_URL: dlqUrl,
        },
        timeout: 60_000,
      });
      expect(JSON.parse(run.stdout.trim().split('\n').pop()!)).toEqual({ batchItemFailures: [] });
      const received = await sqsClient.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MessageAttributeNames: ['All'], MaxNumberOfMessages: 10 }));
      expect(received.Messages).toHaveLength(1);
      expect(attribute(received.Messages![0], 'ErrorType')).toBe('MalformedEventError');
      await sqsClient.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: received.Messages![0]!.ReceiptHandle! }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
