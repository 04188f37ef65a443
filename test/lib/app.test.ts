import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildApp, consumerStackId } from '../../bin/build-app';
import { consumers } from '../../bin/consumers';
import { OrderingKey, type ConsumerDefinition } from '../../lib';
import { FIXTURE_HANDLER, SKIP_BUNDLING } from './support';

const outdirs: string[] = [];
function freshOutdir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'event-router-app-'));
  outdirs.push(dir);
  return dir;
}
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Every `<stack>.template.json` of a synthesized app, as raw text. */
function synthTemplates(extraConsumers: ConsumerDefinition[] = []): Map<string, string> {
  const outdir = freshOutdir();
  buildApp({ outdir, context: SKIP_BUNDLING, consumers: [...consumers, ...extraConsumers] }).synth();
  return new Map(
    readdirSync(outdir)
      .filter((file) => file.endsWith('.template.json'))
      .map((file) => [file, readFileSync(path.join(outdir, file), 'utf8')]),
  );
}

describe('the app', () => {
  const first = synthTemplates();

  test('synthesizes RouterStack and one stack per listed consumer', () => {
    expect([...first.keys()].sort()).toEqual(
      ['AnalyticsConsumerStack', 'InventoryConsumerStack', 'NotificationsConsumerStack', 'RouterStack'].map((s) => `${s}.template.json`),
    );
  });

  test('synthesizes byte-identical templates twice in a row', () => {
    const second = synthTemplates();
    expect(second).toEqual(first);
  });

  test('adding a fourth consumer adds its stack and leaves every other template byte-identical', () => {
    const shipping: ConsumerDefinition = {
      name: 'shipping',
      entry: FIXTURE_HANDLER,
      eventPattern: { source: ['orders-service'], detailType: ['OrderPaid'] },
      orderingKey: OrderingKey.jsonPath('$.detail.data.orderId'),
    };

    const withShipping = synthTemplates([shipping]);

    expect(withShipping.has(`${consumerStackId('shipping')}.template.json`)).toBe(true);
    for (const [file, template] of first) {
      expect({ file, template: withShipping.get(file) }).toEqual({ file, template });
    }
  });

  test('no stack exports or imports values: stacks meet only through the bus name', () => {
    for (const template of first.values()) {
      expect(template).not.toContain('Fn::ImportValue');
      expect(JSON.parse(template).Outputs ?? {}).toEqual({});
    }
  });

  test('each consumer stack wires its rule by the contract description on the bus named event-router, to its own handler', () => {
    for (const consumer of consumers) {
      const template = JSON.parse(first.get(`${consumerStackId(consumer.name)}.template.json`)!);
      const allRules = Object.values(template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>).filter(
        (resource) => resource.Type === 'AWS::Events::Rule',
      );
      // An ordered consumer also has its gap sweeper's schedule (no bus, no pattern).
      const schedules = allRules.filter((rule) => rule.Properties.ScheduleExpression !== undefined);
      const rules = allRules.filter((rule) => rule.Properties.ScheduleExpression === undefined);
      expect(schedules.map((rule) => rule.Properties.Description)).toEqual(schedules.length === 0 ? [] : [`event-router gap sweeper: ${consumer.name}`]);
      expect(rules.map((rule) => [rule.Properties.Description, rule.Properties.EventBusName])).toEqual([
        [`event-router consumer: ${consumer.name}`, 'event-router'],
      ]);
      const entries = Object.values(template.Resources as Record<string, { Type: string; Metadata?: Record<string, unknown> }>)
        .filter((resource) => resource.Type === 'AWS::Lambda::Function')
        .map((resource) => resource.Metadata?.['event-router:entry'])
        .sort();
      const sweeper = schedules.length === 0 ? [] : ['functions/gap-sweeper/index.ts'];
      expect(entries).toEqual(['functions/forwarder/index.ts', `functions/${consumer.name}/index.ts`, ...sweeper].sort());
    }
  });
});

describe('RouterStack', () => {
  const app = buildApp({ context: SKIP_BUNDLING, consumers: [] });
  const template = Template.fromStack(app.node.findChild('RouterStack') as Stack);

  test('holds the bus, its archive and the orders outbox', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'event-router' });
    template.resourceCountIs('AWS::Events::Archive', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
  });

  test('the orders table has pk/sk, PITR and encryption', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      StreamSpecification: Match.absent(),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  test('the orders function knows its table and the outbox table', () => {
    template.hasResource('AWS::Lambda::Function', {
      Properties: {
        Environment: {
          Variables: Match.objectLike({ ORDERS_TABLE_NAME: { Ref: Match.anyValue() }, OUTBOX_TABLE_NAME: { Ref: Match.anyValue() } }),
        },
      },
      Metadata: { 'event-router:entry': 'functions/orders/index.ts' },
    });
  });

  test('the outbox publisher is functions/outbox-publisher with EVENT_BUS_NAME', () => {
    template.hasResource('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: { Ref: Match.anyValue() } }) } },
      Metadata: { 'event-router:entry': 'functions/outbox-publisher/index.ts' },
    });
  });
});

describe('cdk-nag', () => {
  /** The validation report cdk-nag (through CDK's policy validation) writes into the assembly. */
  function readReport(outdir: string): { pluginReports: Array<{ pluginName: string; violations?: Array<{ ruleName: string }> }> } {
    return JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
  }

  test('the AwsSolutions and Serverless packs report zero unacknowledged findings on the whole app', () => {
    const outdir = freshOutdir();
    const app = buildApp({ outdir, context: SKIP_BUNDLING });

    expect(() => app.synth()).not.toThrow();
    const violations = readReport(outdir).pluginReports.flatMap((report) => report.violations ?? []);
    expect(violations).toEqual([]);
  });

  test('the acknowledged wildcard resources are only actions without resource-level permissions', () => {
    const templates = synthTemplates();
    const wildcardActions = [...templates.values()].flatMap((text) =>
      Object.values(JSON.parse(text).Resources as Record<string, { Type: string; Properties: any }>)
        .filter((resource) => resource.Type === 'AWS::IAM::Policy')
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
        .filter((statement: { Resource: unknown }) => statement.Resource === '*')
        .flatMap((statement: { Action: string | string[] }) => [statement.Action].flat()),
    );

    expect(new Set(wildcardActions)).toEqual(new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'dynamodb:ListStreams']));
  });

  test('every acknowledgement carries a reason', () => {
    const app = buildApp({ context: SKIP_BUNDLING });
    const acknowledgements = app.node
      .findAll()
      .flatMap((node: IConstruct) => node.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ id, reason })));

    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledgements) {
      expect({ id, reasonLength: reason.trim().length >= 30 }).toEqual({ id, reasonLength: true });
    }
  });

  test('the same packs do catch a finding (control): an unencrypted queue without TLS fails synth', () => {
    const outdir = freshOutdir();
    const app = buildApp({ outdir, context: SKIP_BUNDLING, consumers: [], nag: false });
    new Queue(app.node.findChild('RouterStack') as Stack, 'PlainQueue');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));

    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
    const rules = readReport(outdir).pluginReports.flatMap((report) => (report.violations ?? []).map((v) => v.ruleName));
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS4', 'AwsSolutions-SQS3']));
  });
});
