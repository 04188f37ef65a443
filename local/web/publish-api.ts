import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { createEvent, InvalidEventInputError } from '../../runtime/envelope';
import { createPublishValidator, EventSchemaError, EventValidationError, SchemaRegistry, type SchemaViolation } from '../../runtime/schemas/index';
import { loadAppSchemaRegistry } from '../schemas/index';
import { WebInputError } from './errors';
import { exampleFor } from './example-data';

/** A registered detail-type as the publish form lists it. */
export interface PublishableType {
  readonly detailType: string;
  readonly source: string;
  readonly eventType: string;
  /** Registered versions, oldest first. */
  readonly versions: readonly string[];
}

/** What the form posts. */
export interface PublishRequest {
  readonly detailType: string;
  readonly version: string;
  readonly data: unknown;
  readonly correlationId?: string;
}

/** Answer of a check or a publish: violations (nothing sent) or the ids of the sent event. */
export type PublishAnswer =
  | { readonly ok: false; readonly message: string; readonly violations: readonly SchemaViolation[] }
  | { readonly ok: true; readonly sent: boolean; readonly id?: string; readonly eventId?: string };

/**
 * The publish form's server side: the app's registered detail-types (its schemas/ folder), an example of each,
 * the producers' own validator (`createPublishValidator`, which `publish()` and the CLI run) and one
 * PutEvents through the local endpoint, as any producer would send it.
 */
export class PublishApi {
  private readonly validator;

  constructor(
    private readonly endpoint: string,
    private readonly busName: string,
    // The app's own schemas (its schemas/ folder); an app without any offers no types to publish.
    private readonly registry: SchemaRegistry = loadAppSchemaRegistry() ?? new SchemaRegistry([]),
  ) {
    this.validator = createPublishValidator(registry);
  }

  /** Every registered detail-type, sorted. */
  types(): PublishableType[] {
    return this.registry
      .eventTypes()
      .map((eventType) => {
        const versions = this.registry.versionsOf(eventType);
        const newest = this.registry.get(eventType, versions.at(-1)!);
        return { detailType: newest.detailType, source: newest.source, eventType, versions };
      })
      .sort((a, b) => a.detailType.localeCompare(b.detailType));
  }

  /** Data for the form: every required field of that version filled. */
  example(detailType: string, version: string): { data: unknown; schema: unknown } {
    const type = this.type(detailType);
    const registered = this.schemaOf(type, version);
    return { data: exampleFor(registered.schema), schema: registered.schema };
  }

  /** Validates as the publisher does; with `send`, publishes through the endpoint when valid. */
  async publish(request: unknown, send: boolean): Promise<PublishAnswer> {
    const input = parseRequest(request);
    const type = this.type(input.detailType);
    this.schemaOf(type, input.version);
    const event = envelope(() =>
      createEvent({
        source: type.source,
        detailType: type.detailType,
        eventType: type.eventType,
        eventVersion: input.version,
        data: input.data as Record<string, unknown>,
        producer: 'event-router web view',
        correlationId: input.correlationId,
      }),
    );
    try {
      this.validator.validate(event);
    } catch (error) {
      if (error instanceof EventValidationError) return { ok: false, message: error.message, violations: error.violations };
      if (error instanceof EventSchemaError) return { ok: false, message: error.message, violations: [] };
      throw error;
    }
    if (!send) return { ok: true, sent: false };
    const client = new EventBridgeClient({ endpoint: this.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      const result = await client.send(
        new PutEventsCommand({
          Entries: [{ Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail), EventBusName: this.busName }],
        }),
      );
      const entry = result.Entries?.[0];
      if ((result.FailedEntryCount ?? 0) > 0 || entry?.EventId === undefined) {
        return { ok: false, message: `PutEvents rejected the event: ${entry?.ErrorCode ?? 'UnknownError'}: ${entry?.ErrorMessage ?? 'no message'}`, violations: [] };
      }
      return { ok: true, sent: true, id: entry.EventId, eventId: (event.detail as { metadata: { eventId: string } }).metadata.eventId };
    } finally {
      client.destroy();
    }
  }

  private type(detailType: string): PublishableType {
    const type = this.types().find((t) => t.detailType === detailType);
    if (type === undefined) {
      throw new WebInputError(`detailType ${JSON.stringify(detailType)} is not registered; pick one of ${this.types().map((t) => t.detailType).join(', ')}.`);
    }
    return type;
  }

  private schemaOf(type: PublishableType, version: string) {
    if (!type.versions.includes(version)) {
      throw new WebInputError(`${type.detailType} has no schema version ${JSON.stringify(version)}; registered: ${type.versions.join(', ')}.`);
    }
    return this.registry.get(type.eventType, version);
  }
}

/** createEvent's refusals (data not an object, ...) are the caller's input: 400 with its message, not a 500. */
function envelope<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof InvalidEventInputError) throw new WebInputError(error.message);
    throw error;
  }
}

function parseRequest(body: unknown): PublishRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new WebInputError('The request body must be a JSON object { detailType, version, data }.');
  const b = body as Record<string, unknown>;
  if (typeof b.detailType !== 'string' || b.detailType === '') throw new WebInputError('detailType is missing: pick a registered detail-type.');
  if (typeof b.version !== 'string' || b.version === '') throw new WebInputError('version is missing: pick a registered schema version.');
  if (!('data' in b)) throw new WebInputError('data is missing: send the event data as a JSON value.');
  if (b.correlationId !== undefined && (typeof b.correlationId !== 'string' || b.correlationId === '')) {
    throw new WebInputError('correlationId must be a non-empty string, or left out.');
  }
  return { detailType: b.detailType, version: b.version, data: b.data, correlationId: b.correlationId as string | undefined };
}
