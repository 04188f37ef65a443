import { EventSchemaError } from './errors';
import type { RegisteredEventSchema, SchemaDocumentJson } from './registered-schema';

/** The draft-04 URI every event schema declares: EventBridge's Schema Registry type `JSONSchemaDraft4`. */
export const DRAFT_04_URI = 'http://json-schema.org/draft-04/schema#';

/**
 * The whole EventBridge event of one version, as one self-contained draft-04 document (what the
 * EventBridge Schema Registry holds for discovered events, so code bindings and the console show
 * `source`, `detail-type` and the envelope): `detail.metadata` pinned to this event type and
 * version, `detail.data` the version's schema. The data schema's `definitions` move to the root,
 * where its `#/definitions/...` references still resolve.
 */
export function toEventBridgeEventSchema(event: RegisteredEventSchema, metadataSchema: SchemaDocumentJson): SchemaDocumentJson {
  const { $schema: _d, definitions: dataDefinitions, title: _t, ...data } = event.schema as Record<string, unknown>;
  const { $schema: _m, definitions: metadataDefinitions, ...metadata } = metadataSchema as Record<string, unknown>;
  const definitions = { ...(metadataDefinitions as object) };
  for (const [name, definition] of Object.entries((dataDefinitions ?? {}) as object)) {
    if (Object.hasOwn(definitions, name)) {
      throw new EventSchemaError(`${event.eventType} v${event.eventVersion}: definition "${name}" is also defined by the envelope metadata schema; rename one of them.`);
    }
    (definitions as Record<string, unknown>)[name] = definition;
  }
  const metadataProperties = (metadata.properties ?? {}) as Record<string, Record<string, unknown>>;
  return {
    $schema: DRAFT_04_URI,
    title: `${event.detailType}V${event.eventVersion.replace('.', '_')}`,
    description: `EventBridge event ${event.source} / ${event.detailType}, ${event.eventType} version ${event.eventVersion}.`,
    type: 'object',
    required: ['source', 'detail-type', 'detail'],
    properties: {
      version: { type: 'string' },
      id: { type: 'string' },
      account: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      region: { type: 'string' },
      resources: { type: 'array', items: { type: 'string' } },
      source: { type: 'string', enum: [event.source] },
      'detail-type': { type: 'string', enum: [event.detailType] },
      detail: {
        type: 'object',
        required: ['metadata', 'data'],
        properties: {
          metadata: {
            ...metadata,
            properties: {
              ...metadataProperties,
              eventType: { ...metadataProperties.eventType, enum: [event.eventType] },
              eventVersion: { ...metadataProperties.eventVersion, enum: [event.eventVersion] },
            },
          },
          data,
        },
      },
    },
    ...(Object.keys(definitions).length > 0 ? { definitions } : {}),
  };
}

/** The registry schema name of one event version: `orders-service@OrderPlaced-v1.1`. */
export function eventBridgeSchemaName(event: RegisteredEventSchema): string {
  return `${event.source}@${event.detailType}-v${event.eventVersion}`;
}
