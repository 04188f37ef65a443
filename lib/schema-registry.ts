import { CfnRegistry, CfnSchema } from 'aws-cdk-lib/aws-eventschemas';
import { Construct } from 'constructs';
import { InvalidPropError } from './errors';
import { eventBridgeSchemaName, toEventBridgeEventSchema, type RegisteredEventSchema, type SchemaDocumentJson } from '../runtime/schemas/index';
import { loadAppSchemaTree, registeredSchemasOf } from '../local/schemas/index';

/** Props of {@link EventSchemaRegistry}. */
export interface EventSchemaRegistryProps {
  /**
   * Name of the registry (letters, digits, `.`, `-`, `_`; at most 64 characters).
   * @default - a name CloudFormation generates
   */
  readonly registryName?: string;
  /**
   * Description of the registry.
   * @default 'event-router: the schema of every event version, from schemas/'
   */
  readonly description?: string;
  /**
   * The event versions to deploy.
   * @default every version under the app's `schemas/` folder (the current directory's)
   */
  readonly schemas?: readonly RegisteredEventSchema[];
  /**
   * The envelope metadata schema embedded in every event schema.
   * @default the app's `schemas/envelope/metadata.json`
   */
  readonly metadataSchema?: SchemaDocumentJson;
}

const REGISTRY_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * An EventBridge Schema Registry holding one `JSONSchemaDraft4` schema per event version
 * (`orders-service@OrderPlaced-v1.1`), each describing the whole EventBridge event with this
 * project's envelope. Versions are separate schemas, not registry versions of one schema, so
 * every deployed version stays browsable and downloadable as code bindings.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schema.html
 */
export class EventSchemaRegistry extends Construct {
  /** The registry. */
  public readonly registry: CfnRegistry;
  /** One schema resource per event version, keyed by schema name. */
  public readonly schemas: ReadonlyMap<string, CfnSchema>;
  /** The registry's name (a token when CloudFormation generates it). */
  public readonly registryName: string;

  constructor(scope: Construct, id: string, props: EventSchemaRegistryProps = {}) {
    super(scope, id);
    if (props.registryName !== undefined && !REGISTRY_NAME.test(props.registryName)) {
      throw new InvalidPropError(this.node.path, 'registryName', props.registryName, 'use 1-64 letters, digits, ".", "-" or "_"');
    }
    // Read only when a prop is left out, so an app that passes both needs no schemas/ folder.
    const tree = props.schemas === undefined || props.metadataSchema === undefined ? loadAppSchemaTree() : undefined;
    const events = props.schemas ?? (tree === undefined ? [] : registeredSchemasOf(tree));
    const metadataSchema = props.metadataSchema ?? (tree?.metadata.schema as SchemaDocumentJson | undefined);
    if (metadataSchema === undefined) {
      throw new InvalidPropError(this.node.path, 'metadataSchema', undefined, "give the envelope's metadata schema, or keep it in the app's schemas/envelope/metadata.json");
    }
    if (events.length === 0) {
      throw new InvalidPropError(this.node.path, 'schemas', [], 'deploy at least one event version (add schemas/<source>/<DetailType>/v1.json and run `npm run schema:types`)');
    }
    this.registry = new CfnRegistry(this, 'Registry', {
      registryName: props.registryName,
      description: props.description ?? 'event-router: the schema of every event version, from schemas/',
    });
    this.registryName = this.registry.attrRegistryName;

    const schemas = new Map<string, CfnSchema>();
    for (const event of events) {
      const schemaName = eventBridgeSchemaName(event);
      if (schemas.has(schemaName)) {
        throw new InvalidPropError(this.node.path, 'schemas', schemaName, 'each event version may appear once');
      }
      const schema = new CfnSchema(this, schemaName, {
        registryName: this.registry.attrRegistryName,
        schemaName,
        type: 'JSONSchemaDraft4',
        description: `${event.eventType} v${event.eventVersion} (${event.source} / ${event.detailType})`,
        content: JSON.stringify(toEventBridgeEventSchema(event, metadataSchema)),
      });
      schemas.set(schemaName, schema);
    }
    this.schemas = schemas;
  }
}
