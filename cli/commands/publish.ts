import { PublishInputError } from './errors';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DescribeEventBusCommand, EventBridgeClient, ListEventBusesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describeUnreachable } from './endpoint-errors';
import { createEvent } from '../../runtime/envelope';
import { DEFAULT_BUS_NAME } from '../../lib/index';
import { createPublishValidator } from '../../runtime/schemas/index';
import { loadAppSchemaRegistry } from '../../local/schemas/index';

/** Options of `event-router publish`, as commander parses them. */
interface PublishOptions {
  detailType: string;
  detail: string;
  source: string;
  bus?: string;
  endpoint?: string;
  region?: string;
  eventId?: string;
  eventType?: string;
  eventVersion: string;
  /** --sequence N: the envelope's per-entity sequence number, as typed. */
  sequence?: string;
  raw?: boolean;
  /** false with --no-validate: the explicit opt-out of the schema check. */
  validate?: boolean;
}

/**
 * The bus to publish on: --bus, else $EVENT_BUS_NAME, else the router's own bus. Not AWS's
 * `default` bus: the router's rules live on its own bus, so an event sent to `default` would
 * be accepted and reach no consumer.
 */
export function busNameFor(options: { bus?: string }, env: NodeJS.ProcessEnv = process.env): string {
  return options.bus ?? env.EVENT_BUS_NAME ?? DEFAULT_BUS_NAME;
}


/** Reads `--detail`: inline JSON, or `@file` for a file's contents. */
export function readDetailArgument(value: string): Record<string, unknown> {
  let text = value;
  if (value.startsWith('@')) {
    const file = value.slice(1);
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      throw new PublishInputError(`--detail @${file}: cannot read ${file} (${reason}). Give the path of a JSON file after @, or the JSON itself.`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PublishInputError(`--detail ${value.startsWith('@') ? `file ${value.slice(1)}` : 'value'} is not JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new PublishInputError('--detail must be a JSON object (EventBridge rejects other details as MalformedDetail).');
  }
  return parsed as Record<string, unknown>;
}

/** Refuses a `--bus` that names no bus before anything is sent: an empty name, or one AWS cannot take. */
export function checkBusArgument(bus: string): void {
  if (bus.trim() === '') {
    throw new PublishInputError('--bus is empty: give an event bus name (e.g. event-router) or ARN, or leave --bus out for $EVENT_BUS_NAME.');
  }
}

/**
 * Asks the endpoint whether the bus exists (DescribeEventBus): AWS answers PutEvents to a missing
 * bus with an EventId and drops the event, so this is the only way to say so. Returns the reason
 * the bus is unusable, or undefined when it exists or cannot be checked (no permission to describe).
 */
export async function missingBusReason(client: EventBridgeClient, bus: string): Promise<string | undefined> {
  try {
    await client.send(new DescribeEventBusCommand({ Name: bus }));
    return undefined;
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') return undefined;
    let known = '';
    try {
      const list = await client.send(new ListEventBusesCommand({}));
      known = ` Buses there: ${(list.EventBuses ?? []).map((b) => b.Name).join(', ')}.`;
    } catch {
      // Listing is a courtesy; the bus is missing either way.
    }
    return (
      `Event bus ${bus} does not exist (DescribeEventBus: ${(error as Error).message}). Nothing was sent: AWS would accept the ` +
      `event and drop it.${known} Pass --bus <name> or set EVENT_BUS_NAME.`
    );
  }
}

/** `OrderPlaced` -> `order.placed`: the envelope's eventType convention for a detail-type. */
export function eventTypeFor(detailType: string): string {
  return detailType
    .replace(/([a-z0-9])([A-Z])/g, '$1.$2')
    .replace(/[\s_-]+/g, '.')
    .toLowerCase();
}

/**
 * Wraps a raw detail in the project's envelope `{ metadata, data }`; a detail that already has
 * `metadata` and `data` is sent as it is, so re-publishing an event keeps its eventId.
 */
export function envelopeFor(detail: Record<string, unknown>, options: PublishOptions, now = new Date()): Record<string, unknown> {
  if (options.raw === true || (typeof detail.metadata === 'object' && detail.metadata !== null && 'data' in detail)) {
    if (options.sequence !== undefined) throw new PublishInputError('--sequence sets the envelope this command builds; with --raw or a full envelope in --detail, put sequence in detail.metadata instead.');
    return detail;
  }
  // The runtime's own builder, so the CLI's envelope is the one producers build.
  const event = createEvent({
    source: options.source,
    detailType: options.detailType,
    eventType: options.eventType ?? eventTypeFor(options.detailType),
    eventVersion: options.eventVersion,
    eventId: options.eventId,
    ...(options.sequence === undefined ? {} : { sequence: sequenceArgument(options.sequence) }),
    occurredAt: now,
    data: detail,
  });
  return event.detail as unknown as Record<string, unknown>;
}

/** Reads `--sequence`: a positive whole number, written in decimal digits only. */
export function sequenceArgument(value: string): number {
  const sequence = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new PublishInputError(`--sequence must be a positive whole number (1 for an entity's first event, +1 per event), got ${JSON.stringify(value)}.`);
  }
  return sequence;
}

/** Registers `event-router publish`: one PutEvents call through the AWS SDK, to AWS or the local runtime. */
export function registerPublishCommand(program: Command): void {
  program
    .command('publish')
    .description('Publish one event with PutEvents (to AWS, or to the local runtime with --endpoint).')
    .requiredOption('--detail-type <type>', 'the event detail-type, e.g. OrderPlaced')
    .requiredOption('--detail <json|@file>', 'the detail: the envelope data (wrapped in { metadata, data }) or a full envelope')
    .option('--source <source>', 'the event source', 'orders-service')
    .option('--bus <name>', `event bus name or ARN (default: $EVENT_BUS_NAME, else the router's bus "${DEFAULT_BUS_NAME}")`)
    .option('--endpoint <url>', 'EventBridge endpoint, e.g. http://127.0.0.1:4010 for `npm start` (default: $AWS_ENDPOINT_URL_EVENTBRIDGE, else AWS)')
    .option('--region <region>', 'AWS region (default: $AWS_REGION, else us-east-1)')
    .option('--event-id <id>', 'the envelope eventId (default: a new ULID); reuse one to publish a duplicate')
    .option('--event-type <type>', 'the envelope eventType (default: from the detail-type, OrderPlaced -> order.placed)')
    .option('--event-version <version>', 'the envelope eventVersion', '1')
    .option('--sequence <n>', "the envelope sequence: the event's position among its entity's events (1, 2, 3...)")
    .option('--raw', 'send --detail as it is, without the envelope (and without the schema check)')
    .option('--no-validate', 'do not check the data against its registered schema before sending')
    .action(async (options: PublishOptions) => {
      let endpointUsed: string | undefined;
      try {
        const detail = envelopeFor(readDetailArgument(options.detail), options);
        // The CLI is a producer like any other: an event its schema refuses is never sent.
        // The app's schemas (schemas/ of the current directory); an app that keeps none has nothing to check against.
        const registry = options.raw !== true && options.validate !== false ? loadAppSchemaRegistry() : undefined;
        if (registry !== undefined) {
          try {
            createPublishValidator(registry).validate({ source: options.source, detailType: options.detailType, detail });
          } catch (error) {
            throw new PublishInputError(`${(error as Error).message} Fix --detail, or pass --no-validate to send it anyway.`);
          }
        }
        const bus = busNameFor(options);
        checkBusArgument(bus);
        const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL_EVENTBRIDGE ?? process.env.AWS_ENDPOINT_URL;
        endpointUsed = endpoint;
        if (endpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(endpoint)) {
          throw new PublishInputError(`--endpoint ${JSON.stringify(endpoint)} is not a URL: give one like http://127.0.0.1:4010 (what \`npm start\` prints).`);
        }
        const local = endpoint !== undefined && /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(endpoint);
        const client = new EventBridgeClient({
          endpoint,
          region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
          // The local runtime accepts any credentials; AWS needs the user's own, found the usual way.
          ...(local && process.env.AWS_ACCESS_KEY_ID === undefined ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
        });
        const missing = await missingBusReason(client, bus);
        if (missing !== undefined) {
          client.destroy();
          throw new PublishInputError(missing);
        }
        const result = await client.send(
          new PutEventsCommand({
            Entries: [
              {
                Source: options.source,
                DetailType: options.detailType,
                Detail: JSON.stringify(detail),
                EventBusName: bus,
              },
            ],
          }),
        );
        client.destroy();
        const entry = result.Entries?.[0];
        if ((result.FailedEntryCount ?? 0) > 0 || entry?.EventId === undefined) {
          process.stderr.write(`PutEvents rejected the event: ${entry?.ErrorCode ?? 'UnknownError'}: ${entry?.ErrorMessage ?? 'no message'}\n`);
          process.exitCode = 1;
          return;
        }
        const eventId = (detail.metadata as { eventId?: string } | undefined)?.eventId;
        process.stdout.write(`${entry.EventId}${eventId === undefined ? '' : ` (eventId ${eventId})`}\n`);
      } catch (error) {
        const unreachable = describeUnreachable(error, endpointUsed);
        const name = (error as Error).name;
        process.stderr.write(
          `${unreachable ?? `${name === 'Error' || name === 'PublishInputError' ? '' : `${name}: `}${(error as Error).message}`}\n`,
        );
        process.exitCode = error instanceof PublishInputError ? 2 : 1;
      }
    });
}
