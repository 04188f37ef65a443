import { OutboxInputError } from './errors';
import type { Command } from 'commander';
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { routerNames } from '../../lib/index';
import { OutboxTable, PENDING_INDEX_NAME, sweepOutbox } from '../../runtime/outbox/index';
import type { SweepResult, SweptRow } from '../../runtime/outbox/index';
import { describeUnreachable } from './endpoint-errors';

/** Options shared by `outbox pending` and `outbox republish`, as commander parses them. */
interface OutboxOptions {
  table?: string;
  endpoint?: string;
  dynamodbEndpoint?: string;
  region?: string;
  olderThan: string;
  limit: string;
  json?: boolean;
  bus?: string;
  dryRun?: boolean;
}


/** Where the command talks to: DynamoDB, EventBridge, the region, the router's bus. */
export interface OutboxTargets {
  readonly dynamodbEndpoint?: string;
  readonly eventBridgeEndpoint?: string;
  readonly region: string;
  readonly busName: string;
}

const isLocal = (url: string | undefined) => url !== undefined && /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url);

function nonNegativeInteger(value: string, option: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) throw new OutboxInputError(`${option} must be a whole number >= 0; got ${JSON.stringify(value)}.`);
  return parsed;
}

/**
 * Resolves the endpoints: `--endpoint` is the local runtime's EventBridge endpoint, whose `GET /endpoints`
 * names the others (DynamoDB, region, router); `--dynamodb-endpoint` overrides DynamoDB's. Without either, AWS.
 */
export async function resolveTargets(options: OutboxOptions, env: NodeJS.ProcessEnv = process.env): Promise<OutboxTargets> {
  let discovered: { eventBridge?: string; dynamodb?: string; region?: string; routerName?: string } = {};
  if (options.endpoint !== undefined) {
    if (!/^https?:\/\//.test(options.endpoint)) throw new OutboxInputError(`--endpoint must be an http(s) URL such as http://127.0.0.1:4010; got ${options.endpoint}.`);
    let response: Response;
    try {
      response = await fetch(new URL('/endpoints', options.endpoint));
    } catch (error) {
      // Not bad input (exit 2): a problem found (exit 1), worded as publish and status word it.
      throw new Error(
        describeUnreachable(error, options.endpoint) ??
          `Cannot reach --endpoint ${options.endpoint} (${(error as Error).message}). Start the local runtime with \`npm start\` and pass the URL it prints.`,
      );
    }
    if (response.ok) discovered = (await response.json()) as typeof discovered;
    else discovered = { eventBridge: options.endpoint };
  }
  const dynamodbEndpoint = options.dynamodbEndpoint ?? discovered.dynamodb ?? env.AWS_ENDPOINT_URL_DYNAMODB;
  if (options.endpoint !== undefined && dynamodbEndpoint === undefined) {
    throw new OutboxInputError(
      `${options.endpoint} does not name its DynamoDB endpoint (no GET /endpoints); pass --dynamodb-endpoint, e.g. the DynamoDB Local URL npm start printed.`,
    );
  }
  return {
    dynamodbEndpoint,
    eventBridgeEndpoint: discovered.eventBridge ?? options.endpoint ?? env.AWS_ENDPOINT_URL_EVENTBRIDGE,
    region: options.region ?? discovered.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    busName: options.bus ?? (discovered.routerName === undefined ? undefined : routerNames(discovered.routerName).bus) ?? env.EVENT_BUS_NAME ?? routerNames().bus,
  };
}

function clientOptions(endpoint: string | undefined, region: string) {
  // The local runtime accepts any credentials; AWS needs the user's own, found the usual way.
  return {
    endpoint,
    region,
    ...(isLocal(endpoint) && process.env.AWS_ACCESS_KEY_ID === undefined ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  };
}

/** `--table`, else the one table whose name contains "outbox" and that has the pending index. */
export async function findOutboxTable(client: DynamoDBClient, table: string | undefined): Promise<string> {
  if (table !== undefined) {
    const described = await client.send(new DescribeTableCommand({ TableName: table })).catch((error: Error) => {
      if (error.name === 'ResourceNotFoundException') throw new OutboxInputError(`Table ${table} (--table) does not exist.`);
      throw error;
    });
    if (!(described.Table?.GlobalSecondaryIndexes ?? []).some((gsi) => gsi.IndexName === PENDING_INDEX_NAME)) {
      throw new OutboxInputError(`Table ${table} (--table) has no "${PENDING_INDEX_NAME}" index: it is not an outbox table of this version.`);
    }
    return table;
  }
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start !== undefined);
  const candidates = names.filter((name) => /outbox/i.test(name));
  if (candidates.length === 1) return candidates[0]!;
  throw new OutboxInputError(
    candidates.length === 0
      ? 'No table whose name contains "outbox" was found; pass --table <name>.'
      : `Several outbox tables were found (${candidates.join(', ')}); pass --table <name>.`,
  );
}

const rowView = (row: Record<string, AttributeValue>, now: number) => {
  const createdAt = row['createdAt']?.N === undefined ? undefined : Number(row['createdAt'].N);
  return {
    entityKey: row['pk']?.S ?? '',
    eventId: row['sk']?.S ?? '',
    sequence: row['sequence']?.N === undefined ? undefined : Number(row['sequence'].N),
    detailType: row['detailType']?.S,
    createdAt: createdAt === undefined ? undefined : new Date(createdAt).toISOString(),
    ageSeconds: createdAt === undefined ? undefined : Math.max(0, Math.round((now - createdAt) / 1000)),
    status: row['pendingShard']?.S === 'parked' ? ('parked' as const) : ('pending' as const),
    ...(row['parkReason']?.S === undefined ? {} : { reason: row['parkReason'].S }),
  };
};

function line(view: { entityKey: string; sequence?: number; eventId: string; detailType?: string; status: string; reason?: string }, extra = ''): string {
  return `${view.status.padEnd(13)} ${view.entityKey}  #${view.sequence ?? '-'}  ${view.eventId}  ${view.detailType ?? '?'}${extra}${view.reason === undefined ? '' : `  (${view.reason})`}`;
}

async function pending(options: OutboxOptions): Promise<number> {
  const olderThanMs = nonNegativeInteger(options.olderThan, '--older-than') * 1000;
  const limit = nonNegativeInteger(options.limit, '--limit');
  const targets = await resolveTargets(options);
  const dynamodb = new DynamoDBClient(clientOptions(targets.dynamodbEndpoint, targets.region));
  try {
    const tableName = await findOutboxTable(dynamodb, options.table);
    const table = new OutboxTable({ client: dynamodb, tableName });
    const now = Date.now();
    const rows = [...(await table.pendingRows(now - olderThanMs, limit)), ...(await table.parkedRows(limit))].map((row) => rowView(row, now));
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify({ table: tableName, pending: rows.filter((r) => r.status === 'pending'), parked: rows.filter((r) => r.status === 'parked') })}\n`);
    } else if (rows.length === 0) {
      process.stdout.write(`${tableName}: no outbox row is waiting to be published and none is parked.\n`);
    } else {
      process.stdout.write(`${tableName}: ${rows.length} row(s) not published\n`);
      for (const row of rows) process.stdout.write(`${line(row, row.ageSeconds === undefined ? '' : `  ${row.ageSeconds}s old`)}\n`);
      process.stdout.write('Pending rows are sent by the sweeper; `outbox republish` sends them now. Parked rows can never be published as they are.\n');
    }
    return rows.length === 0 ? 0 : 1;
  } finally {
    dynamodb.destroy();
  }
}

async function republish(options: OutboxOptions): Promise<number> {
  const olderThanMs = nonNegativeInteger(options.olderThan, '--older-than') * 1000;
  const limit = nonNegativeInteger(options.limit, '--limit');
  const targets = await resolveTargets(options);
  const dynamodb = new DynamoDBClient(clientOptions(targets.dynamodbEndpoint, targets.region));
  const eventBridge = new EventBridgeClient(clientOptions(targets.eventBridgeEndpoint, targets.region));
  try {
    const tableName = await findOutboxTable(dynamodb, options.table);
    const table = new OutboxTable({ client: dynamodb, tableName });
    const result: SweepResult = await sweepOutbox({
      table,
      client: eventBridge,
      eventBusName: targets.busName,
      olderThanMs,
      maxRows: limit,
      dryRun: options.dryRun === true,
      // The events were validated when written; a row the schemas now refuse is parked, not silently sent.
    });
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify({ table: tableName, bus: targets.busName, dryRun: options.dryRun === true, ...result })}\n`);
    } else {
      const verb = options.dryRun === true ? 'would publish' : 'published';
      process.stdout.write(
        `${tableName} -> ${targets.busName}: ${options.dryRun === true ? result.rows.filter((r) => r.outcome === 'would-publish').length : result.published} ${verb}, ` +
          `${result.failed} failed, ${options.dryRun === true ? result.rows.filter((r) => r.outcome === 'would-park').length : result.parked} ${options.dryRun === true ? 'would be parked' : 'parked'}\n`,
      );
      for (const row of result.rows) process.stdout.write(`${line(viewOf(row))}\n`);
    }
    return result.failed > 0 || result.parked > 0 || result.rows.some((r) => r.outcome === 'would-park') ? 1 : 0;
  } finally {
    dynamodb.destroy();
    eventBridge.destroy();
  }
}

const viewOf = (row: SweptRow) => ({ ...row, status: row.outcome });

async function run(action: (options: OutboxOptions) => Promise<number>, options: OutboxOptions): Promise<void> {
  try {
    process.exitCode = await action(options);
  } catch (error) {
    const name = (error as Error).name;
    // An endpoint that cannot be reached says which one and what to do, not a bare ECONNREFUSED.
    const unreachable = describeUnreachable(error, options.dynamodbEndpoint ?? options.endpoint);
    process.stderr.write(unreachable !== undefined ? `${unreachable}\n` : `${name === 'Error' || name === 'OutboxInputError' ? '' : `${name}: `}${(error as Error).message}\n`);
    process.exitCode = error instanceof OutboxInputError ? 2 : 1;
  }
}

function common(command: Command, olderThanDefault: string): Command {
  return command
    .option('--table <name>', 'the outbox table (default: the one table whose name contains "outbox")')
    .option('--endpoint <url>', 'the local runtime, e.g. http://127.0.0.1:4010 from `npm start` (its GET /endpoints names the DynamoDB endpoint); default AWS')
    .option('--dynamodb-endpoint <url>', 'DynamoDB endpoint (default: from --endpoint, else $AWS_ENDPOINT_URL_DYNAMODB, else AWS)')
    .option('--region <region>', 'AWS region (default: $AWS_REGION, else us-east-1)')
    .option('--older-than <seconds>', 'only rows written at least this many seconds ago', olderThanDefault)
    .option('--limit <rows>', 'read at most this many rows', '1000')
    .option('--json', 'print one JSON object');
}

/** Commander's own refusals (unknown option, missing value) are bad input: exit 2; help stays 0. */
function badInputExits(command: Command): Command {
  return command.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
}

/** Registers `event-router outbox pending` and `event-router outbox republish`. */
export function registerOutboxCommand(program: Command): void {
  const outbox = badInputExits(
    program.command('outbox').description('Outbox rows not yet published: list them, or publish them now (the scheduled sweeper does it on its own).'),
  );
  common(
    badInputExits(outbox.command('pending'))
      .description('List outbox rows not published yet and parked (malformed) rows. Exit 0: none; 1: some; 2: bad input.'),
    '0',
  ).action((options: OutboxOptions) => run(pending, options));
  common(
    badInputExits(outbox.command('republish'))
      .description(
        'Publish pending outbox rows now, each entity in sequence order, with their original eventId, and mark them published. ' +
          'Exit 0: all published; 1: some failed or were parked; 2: bad input.',
      ),
    '0',
  )
    .option('--bus <name>', "bus name or ARN (default: the local runtime's router bus, else $EVENT_BUS_NAME, else event-router)")
    .option('--dry-run', 'list what would be published or parked; send and change nothing')
    .action((options: OutboxOptions) => run(republish, options));
}
