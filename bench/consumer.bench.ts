/**
 * Consumer benchmark: this project's fifoConsumer (dedupe + ordered FIFO batches) against
 * Powertools' makeIdempotent + DynamoDBPersistenceLayer + SqsFifoPartialProcessorAsync, on the same
 * DynamoDB Local, with the same 10-message batches (4 message groups) and the same side effect.
 * Scenarios: `dynamodb-write` (the handler does one PutItem to a state table; the headline figures),
 * `transactional-write` (ours returns that PutItem as transactional(), committed with the marker;
 * Powertools has no such mode and does the PutItem itself), `external-call` (a 10 ms async call),
 * `dynamodb-write+latency` (like the first, with 4 ms added to every DynamoDB request as a network
 * would: DynamoDB Local on a small machine is CPU-bound, so without latency throughput mostly
 * tracks the number of requests, 2.1 per message for ours against 3 for Powertools),
 * `sequenced-in-order` (ours as an ordered consumer, ORDERED=true: events carry per-entity sequence
 * numbers and arrive in order, so each costs one conditional cursor update instead of a marker) and
 * `sequenced-20pct-early` (the same with 20 % of events arriving before their predecessor: held,
 * then drained when the predecessor arrives in the same batch). Powertools, which does not
 * resequence, processes the same batches as they arrive.
 * Dedupe writes are counted by a middleware on each client (a TransactWriteItems counts once);
 * side-effect writes outside the dedupe table are NOT counted.
 * Run: npm run bench:consumer
 */
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SqsFifoPartialProcessorAsync, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { startDynamoDbLocal } from '../local/dynamodb/dynamodb-local';
import { createEvent } from '../runtime/envelope/index';
import { transactional } from '../runtime/dedupe/index';
import { fifoConsumer } from '../runtime/fifo/index';
import { createTelemetry } from '../runtime/observability/index';

process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';
process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';

const BATCH = 10;
const GROUPS = 4;
const ROUNDS = 3;
const WARMUP_BATCHES = 60;
const BATCHES_PER_ROUND = Number(process.env['BENCH_BATCHES'] ?? 30);
const EXTERNAL_CALL_MS = 10;
const SCENARIOS = ['dynamodb-write', 'transactional-write', 'external-call', 'dynamodb-write+latency', 'sequenced-in-order', 'sequenced-20pct-early'] as const;
/** Share of events that arrive before their predecessor in the `sequenced-20pct-early` scenario. */
const EARLY_FRACTION = 0.2;
/** Entities the sequenced scenarios rotate through, so most events meet an existing cursor. */
const ENTITY_POOL = 16;
/** Round-trip added to every DynamoDB request in the `+latency` scenario: DynamoDB Local answers over loopback, real DynamoDB over the network. */
const NETWORK_LATENCY_MS = 4;
type Scenario = (typeof SCENARIOS)[number];
const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);

/** Adds `state.ms` of latency to every request, as a network between Lambda and DynamoDB would. */
function addLatency(client: DynamoDBClient, state: { ms: number }): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      if (state.ms > 0) await new Promise((resolve) => setTimeout(resolve, state.ms));
      return next(args);
    },
    { step: 'finalizeRequest', name: 'networkLatency' },
  );
}

/** Counts write calls whose input names `tableName` (a transaction counts once: it is one request). */
function countWrites(client: DynamoDBClient, tableName: string): { writes: number } {
  const counter = { writes: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      type Item = { TableName?: string };
      const input = args.input as { TableName?: string; TransactItems?: { Put?: Item; Update?: Item; Delete?: Item; ConditionCheck?: Item }[] };
      const touches =
        input.TableName === tableName ||
        (input.TransactItems ?? []).some((i) => [i.Put, i.Update, i.Delete].some((item) => item?.TableName === tableName));
      if (WRITE_COMMANDS.has(context.commandName ?? '') && touches) counter.writes += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countDedupeWrites' },
  );
  return counter;
}

let seq = 0;
/** Next sequence per entity of the sequenced scenarios. */
const entitySequences = new Map<string, number>();
/** Batches made so far per stream: each side gets its own entities, so neither sees the other's sequences as gaps. */
const entityRounds = new Map<string, number>();

/**
 * A batch of 10 messages in 4 groups. Sequenced: the groups are entities of a rotating pool, each
 * message carries its entity's next sequence, and with `earlyFraction` > 0 that share of messages is
 * swapped with its successor in the group (it arrives early, is held, and is drained by the next one).
 */
function makeBatch(options: { sequenced?: boolean; earlyFraction?: number; stream?: string } = {}): SQSEvent {
  const records: SQSRecord[] = [];
  const stream = options.stream ?? 'main';
  const round = (entityRounds.get(stream) ?? 0) + 1;
  entityRounds.set(stream, round);
  const entities = Array.from({ length: GROUPS }, (_, g) => `${stream}_ent_${(round * GROUPS + g) % ENTITY_POOL}`);
  for (let i = 0; i < BATCH; i += 1) {
    seq += 1;
    const group = options.sequenced === true ? entities[i % GROUPS]! : `ord_${Math.floor(seq / BATCH)}_${i % GROUPS}`;
    let sequence: number | undefined;
    if (options.sequenced === true) {
      sequence = (entitySequences.get(group) ?? 0) + 1;
      entitySequences.set(group, sequence);
    }
    const event = createEvent({
      source: 'orders-service',
      detailType: 'OrderPlaced',
      eventType: 'order.placed',
      data: { orderId: group, n: seq },
      ...(sequence === undefined ? {} : { sequence }),
    });
    const body = JSON.stringify({
      version: '0',
      id: `eb-${seq}`,
      source: event.source,
      'detail-type': event.detailType,
      time: new Date().toISOString(),
      resources: [],
      detail: event.detail,
    });
    records.push({
      messageId: `m-${seq}`,
      receiptHandle: `r-${seq}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'b',
        ApproximateFirstReceiveTimestamp: '0',
        MessageGroupId: group,
        MessageDeduplicationId: `d-${seq}`,
        SequenceNumber: String(seq),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:bench.fifo',
      awsRegion: 'us-east-1',
    });
  }
  // Swap round(earlyFraction x 10) messages with the next one of their group (i <-> i + GROUPS, i < GROUPS,
  // so swaps never overlap): each swapped-in successor arrives before its predecessor.
  const swaps = Math.round((options.earlyFraction ?? 0) * BATCH);
  const firsts = Array.from({ length: GROUPS }, (_, i) => i).sort(() => Math.random() - 0.5).slice(0, swaps);
  for (const i of firsts) [records[i], records[i + GROUPS]] = [records[i + GROUPS]!, records[i]!];
  return { Records: records };
}

const context = {
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench',
  memoryLimitInMB: '1024',
  awsRequestId: 'req',
  logGroupName: 'g',
  logStreamName: 's',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

async function createTable(client: DynamoDBClient, name: string, keys: string[]) {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keys.map((k) => ({ AttributeName: k, AttributeType: 'S' })),
      KeySchema: keys.map((k, i) => ({ AttributeName: k, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
    }),
  );
}

const stateItem = (eventId: string, orderId: string): Record<string, AttributeValue> => ({
  pk: { S: `order#${orderId}` },
  sk: { S: eventId },
  seenAt: { S: new Date().toISOString() },
});

/** The DynamoDB side effect: one PutItem to the consumer's state table. */
const sideEffect = (client: DynamoDBClient, tableName: string) => async (eventId: string, orderId: string) => {
  await client.send(new PutItemCommand({ TableName: tableName, Item: stateItem(eventId, orderId) }));
};

async function main() {
  const ddb = await startDynamoDbLocal();
  try {
    const ours = ddb.client();
    const peer = ddb.client();
    await createTable(ours, 'ours-dedupe', ['pk']);
    await createTable(ours, 'ours-state', ['pk', 'sk']);
    await createTable(peer, 'peer-idempotency', ['id']);
    await createTable(peer, 'peer-state', ['pk', 'sk']);
    const latency = { ms: 0 };
    addLatency(ours, latency);
    addLatency(peer, latency);
    const ourWrites = countWrites(ours, 'ours-dedupe');
    const peerWrites = countWrites(peer, 'peer-idempotency');

    type Side = (e: SQSEvent, c: Context) => Promise<SQSBatchResponse>;
    const externalCall = () => new Promise<void>((resolve) => setTimeout(resolve, EXTERNAL_CALL_MS));

    /** Our consumer with one of three side effects. */
    const ourSide = (mode: Scenario): Side => {
      const effect = sideEffect(ours, 'ours-state');
      return fifoConsumer({
        consumerName: `bench-${mode}`,
        sequencing: { ordered: mode.startsWith('sequenced') },
        dedupe: { client: ours, tableName: 'ours-dedupe' },
        telemetry: createTelemetry({ consumerName: 'bench', logger: new Logger({ logLevel: 'SILENT' }) }),
        handler: async (event) => {
          const orderId = (event.data as { orderId: string }).orderId;
          if (mode === 'external-call') return externalCall();
          if (mode !== 'transactional-write') return effect(event.idempotencyKey, orderId);
          return transactional([{ Put: { TableName: 'ours-state', Item: stateItem(event.idempotencyKey, orderId) } }]);
        },
      });
    };

    /** Powertools with the same side effect (it has no transactional mode: the write is done by the handler). */
    const peerSide = (mode: Scenario): Side => {
      const effect = sideEffect(peer, 'peer-state');
      const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'peer-idempotency', awsSdkV3Client: peer });
      const config = new IdempotencyConfig({ eventKeyJmesPath: 'powertools_json(body).detail.metadata.eventId', expiresAfterSeconds: 7 * 24 * 3600 });
      const processor = new SqsFifoPartialProcessorAsync();
      const recordHandler = makeIdempotent(
        async (record: SQSRecord) => {
          const body = JSON.parse(record.body) as { detail: { metadata: { eventId: string }; data: { orderId: string } } };
          if (mode === 'external-call') return externalCall();
          return effect(body.detail.metadata.eventId, body.detail.data.orderId);
        },
        { persistenceStore, config },
      );
      return async (event, ctx) => {
        config.registerLambdaContext(ctx);
        return processPartialResponse(event, recordHandler, processor, { context: ctx, skipGroupOnError: true });
      };
    };

    const batchFor = (mode: Scenario, stream: 'ours' | 'peer') =>
      mode === 'sequenced-in-order'
        ? makeBatch({ sequenced: true, stream: `${mode}-${stream}` })
        : mode === 'sequenced-20pct-early'
          ? makeBatch({ sequenced: true, earlyFraction: EARLY_FRACTION, stream: `${mode}-${stream}` })
          : makeBatch();

    const run = async (handler: Side, batches: SQSEvent[]) => {
      const start = performance.now();
      for (const batch of batches) {
        const response = await handler(batch, context);
        if (response.batchItemFailures.length > 0) throw new Error(`benchmark batch failed: ${JSON.stringify(response.batchItemFailures)}`);
      }
      return performance.now() - start;
    };

    // DynamoDB Local's JVM needs thousands of requests before its JIT settles; without this the
    // first scenario measured would run on a cold emulator.
    await run(ourSide('dynamodb-write'), Array.from({ length: WARMUP_BATCHES }, () => makeBatch()));
    await run(peerSide('dynamodb-write'), Array.from({ length: WARMUP_BATCHES }, () => makeBatch()));

    const results: Record<string, { ours: number; peer: number; ratio: number; writes: number; peerWrites: number }> = {};
    for (const mode of SCENARIOS) {
      latency.ms = mode === 'dynamodb-write+latency' ? NETWORK_LATENCY_MS : 0;
      const ourHandler = ourSide(mode);
      const peerHandler = peerSide(mode);
      // Warm-up: JIT, connection pools.
      await run(ourHandler, Array.from({ length: 5 }, () => batchFor(mode, 'ours')));
      await run(peerHandler, Array.from({ length: 5 }, () => batchFor(mode, 'peer')));
      ourWrites.writes = 0;
      peerWrites.writes = 0;
      let ourMs = 0;
      let peerMs = 0;
      // Batch by batch, alternating who goes first: load on the machine and the emulator's JIT
      // drift hit both sides alike.
      for (let i = 0; i < ROUNDS * BATCHES_PER_ROUND; i += 1) {
        const ourBatch = [batchFor(mode, 'ours')];
        const peerBatch = [batchFor(mode, 'peer')];
        if (i % 2 === 0) {
          ourMs += await run(ourHandler, ourBatch);
          peerMs += await run(peerHandler, peerBatch);
        } else {
          peerMs += await run(peerHandler, peerBatch);
          ourMs += await run(ourHandler, ourBatch);
        }
      }
      const messages = ROUNDS * BATCHES_PER_ROUND * BATCH;
      const ourRate = messages / (ourMs / 1000);
      const peerRate = messages / (peerMs / 1000);
      results[mode] = {
        ours: ourRate,
        peer: peerRate,
        ratio: ourRate / peerRate,
        writes: ourWrites.writes / messages,
        peerWrites: peerWrites.writes / messages,
      };
      console.log(
        `${mode.padEnd(24)} ours ${ourRate.toFixed(0).padStart(5)} msg/s ${(ourWrites.writes / messages).toFixed(3)} dedupe writes/msg | ` +
          `Powertools ${peerRate.toFixed(0).padStart(5)} msg/s ${(peerWrites.writes / messages).toFixed(3)} dedupe writes/msg | ratio ${(ourRate / peerRate).toFixed(2)}x`,
      );
    }
    ours.destroy();
    peer.destroy();
    const main = results['dynamodb-write']!;
    console.log(
      JSON.stringify({
        benchmark: 'consumer',
        messagesPerScenarioPerSide: ROUNDS * BATCHES_PER_ROUND * BATCH,
        batchSize: BATCH,
        groupsPerBatch: GROUPS,
        dynamodbWritesPerMessage: Number(main.writes.toFixed(3)),
        peerDynamodbWritesPerMessage: Number(main.peerWrites.toFixed(3)),
        messagesPerSecond: Math.round(main.ours),
        peerMessagesPerSecond: Math.round(main.peer),
        throughputRatioVsPowertools: Number(main.ratio.toFixed(2)),
        throughputRatioTransactional: Number(results['transactional-write']!.ratio.toFixed(2)),
        throughputRatioExternalCall: Number(results['external-call']!.ratio.toFixed(2)),
        throughputRatioWithNetworkLatency: Number(results['dynamodb-write+latency']!.ratio.toFixed(2)),
        transactionalWritesPerMessage: Number(results['transactional-write']!.writes.toFixed(3)),
        sequencedInOrderWritesPerMessage: Number(results['sequenced-in-order']!.writes.toFixed(3)),
        throughputRatioSequencedInOrder: Number(results['sequenced-in-order']!.ratio.toFixed(2)),
        sequencedEarlyFraction: EARLY_FRACTION,
        sequencedEarlyWritesPerMessage: Number(results['sequenced-20pct-early']!.writes.toFixed(3)),
        throughputRatioSequencedEarly: Number(results['sequenced-20pct-early']!.ratio.toFixed(2)),
        sideEffectWritesCounted: false,
      }),
    );
  } finally {
    await ddb.stop();
  }
}

await main();
