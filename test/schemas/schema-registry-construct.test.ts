import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { InvalidPropError } from '../../lib/errors';
import { EventSchemaRegistry } from '../../lib/schema-registry';
import { RouterStack } from '../../bin/router-stack';
import { createDraft04Ajv } from '../../local/schemas/create-ajv';
import { createRegisteredEvent } from '../../schemas/generated/event-types';

function synth(props: ConstructorParameters<typeof EventSchemaRegistry>[2] = {}) {
  const stack = new Stack(new App(), 'SchemasStack');
  const registry = new EventSchemaRegistry(stack, 'Schemas', props);
  return { registry, template: Template.fromStack(stack) };
}

/** The deployed schema documents, by schema name. */
function contents(template: Template): Map<string, Record<string, any>> {
  const resources = template.findResources('AWS::EventSchemas::Schema');
  return new Map(Object.values(resources).map((r: any) => [r.Properties.SchemaName, JSON.parse(r.Properties.Content)]));
}

describe('EventSchemaRegistry', () => {
  test('GIVEN the repository schemas WHEN synthesized THEN one registry holds one JSONSchemaDraft4 schema per event version', () => {
    const { template } = synth({ registryName: 'event-router-events' });
    template.resourceCountIs('AWS::EventSchemas::Registry', 1);
    template.hasResourceProperties('AWS::EventSchemas::Registry', { RegistryName: 'event-router-events' });
    template.resourceCountIs('AWS::EventSchemas::Schema', 4);
    for (const name of ['orders-service@OrderPlaced-v1', 'orders-service@OrderPlaced-v1.1', 'orders-service@OrderPaid-v1', 'orders-service@OrderShipped-v1']) {
      template.hasResourceProperties('AWS::EventSchemas::Schema', {
        SchemaName: name,
        Type: 'JSONSchemaDraft4',
        RegistryName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SchemasRegistry'), 'RegistryName'] },
      });
    }
  });

  test('each schema is a draft-04 document of the whole EventBridge event, pinned to its type and version', () => {
    const schema = contents(synth().template).get('orders-service@OrderPlaced-v1.1')!;
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(schema.properties.source).toEqual({ type: 'string', enum: ['orders-service'] });
    expect(schema.properties['detail-type']).toEqual({ type: 'string', enum: ['OrderPlaced'] });
    expect(schema.properties.detail.properties.metadata.properties.eventVersion.enum).toEqual(['1.1']);
    expect(schema.properties.detail.properties.data.properties.lines.items).toEqual({ $ref: '#/definitions/OrderLine' });
    expect(Object.keys(schema.definitions)).toEqual(['OrderLine']);
  });

  test('the deployed document validates a real event of its version and refuses one of another version', () => {
    const validate = createDraft04Ajv().compile(contents(synth().template).get('orders-service@OrderPlaced-v1.1')!);
    const event = createRegisteredEvent({
      eventType: 'order.placed',
      eventVersion: '1.1',
      data: { orderId: 'ord_1', customerId: 'cus_1', lines: [{ sku: 's', quantity: 1, unitPriceCents: 100 }], totalCents: 100, currency: 'EUR' },
    });
    const onTheBus = { version: '0', id: 'x', source: event.source, 'detail-type': event.detailType, time: '2026-11-23T10:30:42Z', resources: [], detail: event.detail };
    expect(validate(onTheBus)).toBe(true);
    const olderVersion = { ...onTheBus, detail: { ...(event.detail as object), metadata: { ...(event.detail as any).metadata, eventVersion: '1' } } };
    expect(validate(olderVersion)).toBe(false);
  });

  test('exposes the schema resources by name', () => {
    const { registry } = synth();
    expect([...registry.schemas.keys()].sort()).toEqual([
      'orders-service@OrderPaid-v1',
      'orders-service@OrderPlaced-v1',
      'orders-service@OrderPlaced-v1.1',
      'orders-service@OrderShipped-v1',
    ]);
  });

  test('refuses an invalid registry name, naming the prop', () => {
    expect(() => synth({ registryName: 'has spaces' })).toThrow(InvalidPropError);
    expect(() => synth({ registryName: 'has spaces' })).toThrow(/SchemasStack\/Schemas: invalid registryName "has spaces": use 1-64 letters/);
  });

  test('refuses an empty schema list', () => {
    expect(() => synth({ schemas: [] })).toThrow(/deploy at least one event version/);
  });
});

describe('RouterStack', () => {
  test('GIVEN the router WHEN synthesized THEN it deploys the schema registry named after the bus', () => {
    // No bundling: only the template matters here.
    const stack = new RouterStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Router');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EventSchemas::Registry', { RegistryName: 'event-router-schemas' });
    template.resourceCountIs('AWS::EventSchemas::Schema', 4);
  });
});
