import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildApp, consumerStackId, routerStackId } from '../../bin/build-app';
import { consumers } from '../../consumers/index';
import { DuplicateConsumerNameError, InvalidPropError, OrderingKey, routerNames, type ConsumerDefinition } from '../../lib';
import { FIXTURE_HANDLER, SKIP_BUNDLING } from './support';

const outdirs: string[] = [];
function freshOutdir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'event-router-app-'));
  outdirs.push(dir);
  return dir;
}
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Every `<stack>.template.json` of a synthesized app, as raw text. */
function synthTemplates(extraConsumers: ConsumerDefinition[] = [], context: Record<string, unknown> = {}): Map<string, string> {
  const outdir = freshOutdir();
  buildApp({ outdir, context: { ...SKIP_BUNDLING, ...context }, consumers: [...consumers, ...extraConsumers] }).synth();
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

  test('every queue of every stack sets MaximumMessageSize explicitly, to 1 MiB', () => {
    let queues = 0;
    for (const template of first.values()) {
      for (const resource of Object.values((JSON.parse(template) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }).Resources)) {
        if (resource.Type !== 'AWS::SQS::Queue') continue;
        queues += 1;
        expect(resource.Properties.MaximumMessageSize).toBe(1_048_576);
      }
    }
    expect(queues).toBeGreaterThanOrEqual(16);
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
      const sweeper = schedules.length === 0 ? [] : ['handlers/gap-sweeper/index.ts'];
      expect(entries).toEqual(['handlers/forwarder/index.ts', `functions/${consumer.name}/index.ts`, ...sweeper].sort());
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

  test('the outbox publisher is handlers/outbox-publisher with EVENT_BUS_NAME', () => {
    template.hasResource('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: { Ref: Match.anyValue() } }) } },
      Metadata: { 'event-router:entry': 'handlers/outbox-publisher/index.ts' },
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

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

/** Every resource of type `type` across the templates. */
function resourcesOfType(templates: Map<string, string>, type: string): Array<{ file: string; id: string; properties: Record<string, any> }> {
  return [...templates].flatMap(([file, text]) =>
    Object.entries(JSON.parse(text).Resources as Resources)
      .filter(([, resource]) => resource.Type === type)
      .map(([id, resource]) => ({ file, id, properties: resource.Properties })),
  );
}

describe('alarms and dashboards of the whole app', () => {
  const templates = synthTemplates();
  const alarms = resourcesOfType(templates, 'AWS::CloudWatch::Alarm');
  const routerTemplate = JSON.parse(templates.get('RouterStack.template.json')!);
  const topicId = Object.entries(routerTemplate.Resources as Resources).find(([, r]) => r.Type === 'AWS::SNS::Topic')![0];
  const byName = {
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':event-router-alarms']],
  };

  test('the router holds one alarm topic named event-router-alarms', () => {
    expect(resourcesOfType(templates, 'AWS::SNS::Topic').map((t) => [t.file, t.properties.TopicName])).toEqual([
      ['RouterStack.template.json', 'event-router-alarms'],
    ]);
  });

  test('every alarm of every stack notifies the topic on ALARM and on OK', () => {
    expect(alarms.length).toBeGreaterThan(60);
    for (const { file, id, properties } of alarms) {
      const expected = file === 'RouterStack.template.json' ? [{ Ref: topicId }] : [byName];
      expect({ id, AlarmActions: properties.AlarmActions, OKActions: properties.OKActions }).toEqual({ id, AlarmActions: expected, OKActions: expected });
    }
  });

  test('every alarm description links its runbook section', () => {
    for (const { id, properties } of alarms) {
      expect({ id, description: properties.AlarmDescription }).toEqual({ id, description: expect.stringMatching(/Runbook: docs\/operations\.md#[a-z0-9-]+$/) });
    }
  });

  test('one dashboard per consumer and one for the router, named after the router', () => {
    expect(resourcesOfType(templates, 'AWS::CloudWatch::Dashboard').map((d) => d.properties.DashboardName).sort()).toEqual(
      ['event-router-consumer-analytics', 'event-router-consumer-inventory', 'event-router-consumer-notifications', 'event-router-router'].sort(),
    );
  });

  test('a consumer dashboard shows lag, throughput, failures, DLQ depth and held events', () => {
    const body = JSON.stringify(resourcesOfType(templates, 'AWS::CloudWatch::Dashboard').find((d) => d.properties.DashboardName === 'event-router-consumer-inventory')!.properties.DashboardBody);
    for (const title of ['Lag', 'Throughput', 'Failures', 'Dead-letter queues', 'Held for ordering']) expect(body).toContain(title);
    for (const metric of ['ApproximateAgeOfOldestMessage', 'NumberOfMessagesDeleted', 'EventsFailed', 'ApproximateNumberOfMessagesVisible', 'HeldEvents']) {
      expect(body).toContain(metric);
    }
  });

  test('-c alarmEmail subscribes that address to the topic', () => {
    const withEmail = synthTemplates([], { alarmEmail: 'ops@example.com' });
    expect(resourcesOfType(withEmail, 'AWS::SNS::Subscription').map((s) => [s.properties.Protocol, s.properties.Endpoint])).toEqual([['email', 'ops@example.com']]);
  });
});

describe('router names', () => {
  test('-c routerName derives the bus, archive, registry, topic, dashboards and stack ids', () => {
    const templates = synthTemplates([], { routerName: 'payments' });
    const names = routerNames('payments');

    expect([...templates.keys()].sort()).toEqual(
      [routerStackId('payments'), ...consumers.map((c) => consumerStackId(c.name, 'payments'))].map((s) => `${s}.template.json`).sort(),
    );
    expect(routerStackId('payments')).toBe('PaymentsRouterStack');
    expect(resourcesOfType(templates, 'AWS::Events::EventBus').map((b) => b.properties.Name)).toEqual([names.bus]);
    expect(resourcesOfType(templates, 'AWS::Events::Archive').map((a) => a.properties.ArchiveName)).toEqual([names.archive]);
    expect(resourcesOfType(templates, 'AWS::EventSchemas::Registry').map((r) => r.properties.RegistryName)).toEqual([names.schemaRegistry]);
    expect(resourcesOfType(templates, 'AWS::SNS::Topic').map((t) => t.properties.TopicName)).toEqual([names.alarmTopic]);
    // Consumer stacks follow: their rules are on this router's bus, their alarms notify this router's topic.
    // Scheduled rules (gap and outbox sweepers) live on the account's default bus, as on AWS.
    const eventRules = resourcesOfType(templates, 'AWS::Events::Rule').filter((rule) => rule.properties.ScheduleExpression === undefined);
    expect(eventRules.length).toBeGreaterThan(0);
    for (const rule of eventRules) expect(rule.properties.EventBusName).toBe('payments');
    for (const alarm of resourcesOfType(templates, 'AWS::CloudWatch::Alarm').filter((a) => a.file !== `${routerStackId('payments')}.template.json`)) {
      expect(JSON.stringify(alarm.properties.AlarmActions)).toContain(':payments-alarms');
    }
  });

  test('two routers synthesize side by side in one app with no physical name in common', () => {
    const a = synthTemplates([], { routerName: 'router-a' });
    const b = synthTemplates([], { routerName: 'router-b' });
    const physicalNames = (templates: Map<string, string>) =>
      new Set([
        ...templates.keys(),
        ...resourcesOfType(templates, 'AWS::Events::EventBus').map((r) => r.properties.Name),
        ...resourcesOfType(templates, 'AWS::Events::Archive').map((r) => r.properties.ArchiveName),
        ...resourcesOfType(templates, 'AWS::EventSchemas::Registry').map((r) => r.properties.RegistryName),
        ...resourcesOfType(templates, 'AWS::SNS::Topic').map((r) => r.properties.TopicName),
        ...resourcesOfType(templates, 'AWS::CloudWatch::Dashboard').map((r) => r.properties.DashboardName),
      ]);
    const namesA = physicalNames(a);
    const namesB = physicalNames(b);

    expect(namesA.size).toBeGreaterThan(8);
    expect([...namesA].filter((name) => namesB.has(name))).toEqual([]);
  });

  test('a router name that cannot name a stack or topic is refused, naming the prop', () => {
    expect(() => buildApp({ context: SKIP_BUNDLING, consumers: [], routerName: 'my.router' })).toThrow(InvalidPropError);
    expect(() => buildApp({ context: SKIP_BUNDLING, consumers: [], routerName: '1router' })).toThrow(/invalid routerName "1router": start with a letter/);
  });
});

describe('consumer list', () => {
  test('two consumers with one name are refused with a clear error, not a construct-id clash', () => {
    const twice = [...consumers, { ...consumers[0] }];

    expect(() => buildApp({ context: SKIP_BUNDLING, consumers: twice })).toThrow(DuplicateConsumerNameError);
    expect(() => buildApp({ context: SKIP_BUNDLING, consumers: twice })).toThrow(
      /consumer name "inventory" is listed more than once; each consumer needs its own name \(it names the stack, queues and dashboard\)\. Rename one/,
    );
  });
});
