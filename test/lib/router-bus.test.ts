import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { InvalidPropError, InvalidPublisherPolicyError, RouterBus, type RouterBusProps } from '../../lib';

function synth(props: Partial<RouterBusProps> = {}): { template: Template; bus: RouterBus; stack: Stack } {
  const stack = new Stack(new App(), 'BusStack');
  const bus = new RouterBus(stack, 'RouterBus', { eventBusName: 'event-router', ...props });
  return { template: Template.fromStack(stack), bus, stack };
}

function construct(props: Partial<RouterBusProps>): () => RouterBus {
  return () => new RouterBus(new Stack(new App(), 'BusStack'), 'RouterBus', { eventBusName: 'event-router', ...props });
}

describe('RouterBus with default props', () => {
  const { template, bus, stack } = synth();

  test('creates the bus under the given name', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'event-router' });
  });

  test('archives every event of the bus for 30 days', () => {
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [stack.getLogicalId(bus.eventBus.node.defaultChild as never), 'Arn'] },
      RetentionDays: 30,
      EventPattern: { source: [{ prefix: '' }] },
    });
  });

  test('adds no resource policy: no other account can publish', () => {
    template.resourceCountIs('AWS::Events::EventBusPolicy', 0);
    const busResource = Object.values(template.findResources('AWS::Events::EventBus'))[0];
    expect(busResource.Properties.Policy).toBeUndefined();
  });
});

describe('RouterBus options', () => {
  test('archiveRetention sets the archive retention', () => {
    synth({ archiveRetention: Duration.days(90) }).template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 90 });
  });

  test('grantPublish allows PutEvents on this bus only, for the given sources only', () => {
    const stack = new Stack(new App(), 'BusStack');
    const bus = new RouterBus(stack, 'RouterBus', { eventBusName: 'event-router' });
    const role = new Role(stack, 'Producer', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    bus.grantPublish(role, { sources: ['orders-service', 'billing-service'] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'events:PutEvents',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [stack.getLogicalId(bus.eventBus.node.defaultChild as never), 'Arn'] },
            Condition: {
              'ForAllValues:StringEquals': { 'events:source': ['orders-service', 'billing-service'] },
              Null: { 'events:source': 'false' },
            },
          },
        ],
      },
    });
  });

  test('a publisher account is admitted for its own sources only', () => {
    const { template } = synth({
      publishers: [
        { account: '111111111111', sources: ['orders-service'] },
        { account: '222222222222', sources: ['billing-service'] },
      ],
    });
    for (const [account, source] of [
      ['111111111111', 'orders-service'],
      ['222222222222', 'billing-service'],
    ]) {
      template.hasResourceProperties('AWS::Events::EventBusPolicy', {
        Statement: Match.objectLike({
          Sid: `cdk-PublishFromAccount${account}`,
          Action: 'events:PutEvents',
          Effect: 'Allow',
          Principal: { AWS: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([`:iam::${account}:root`])] }) },
          Condition: { 'ForAllValues:StringEquals': { 'events:source': [source] }, Null: { 'events:source': 'false' } },
        }),
      });
    }
  });

  test('an organization publisher admits principals of that organization, for its sources only', () => {
    synth({ publishers: [{ organizationId: 'o-abcdef1234', sources: ['orders-service'] }] }).template.hasResourceProperties(
      'AWS::Events::EventBusPolicy',
      {
        Statement: Match.objectLike({
          Sid: 'cdk-PublishFromOrganizationoabcdef1234',
          Principal: { AWS: '*' },
          Action: 'events:PutEvents',
          Condition: {
            StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' },
            'ForAllValues:StringEquals': { 'events:source': ['orders-service'] },
            Null: { 'events:source': 'false' },
          },
        }),
      },
    );
  });

  test('every bus policy statement carries an events:source condition', () => {
    const { template } = synth({
      publishers: [
        { account: '111111111111', sources: ['orders-service'] },
        { organizationId: 'o-abcdef1234', sources: ['billing-service'] },
      ],
    });
    const statements = Object.values(template.findResources('AWS::Events::EventBusPolicy')).map((policy) => policy.Properties.Statement);
    expect(statements).toHaveLength(2);
    for (const statement of statements) {
      expect(statement.Condition['ForAllValues:StringEquals']['events:source'].length).toBeGreaterThan(0);
      expect(statement.Condition.Null).toEqual({ 'events:source': 'false' });
    }
  });
});

describe('RouterBus validation', () => {
  const account = (value: string) => ({ publishers: [{ account: value, sources: ['orders-service'] }] });

  test('an account id that is not 12 digits throws', () => {
    expect(construct(account('*'))).toThrow(InvalidPublisherPolicyError);
    expect(construct(account('12345'))).toThrow(/publishers\[0\]\.account: "12345" is not a 12-digit AWS account id/);
  });

  test('an account listed twice throws', () => {
    expect(
      construct({
        publishers: [
          { account: '111111111111', sources: ['a'] },
          { account: '111111111111', sources: ['b'] },
        ],
      }),
    ).toThrow(/111111111111 is listed twice; list each account once with all its sources/);
  });

  test('an organization id not of the form o-xxxxxxxxxx throws', () => {
    expect(construct({ publishers: [{ organizationId: '*', sources: ['a'] }] })).toThrow(/is not an AWS Organizations id/);
  });

  test('a publisher with both or neither of account and organizationId throws', () => {
    expect(construct({ publishers: [{ account: '111111111111', organizationId: 'o-abcdef1234', sources: ['a'] }] })).toThrow(
      /give exactly one of account and organizationId/,
    );
    expect(construct({ publishers: [{ sources: ['a'] }] })).toThrow(/give exactly one of account and organizationId/);
  });

  test('a publisher without sources throws: it could forge any source', () => {
    expect(construct({ publishers: [{ account: '111111111111', sources: [] }] })).toThrow(/publishers\[0\]\.sources: list the event sources/);
  });

  test('a wildcard, blank or aws. source throws', () => {
    for (const source of ['*', 'orders-*', '', 'aws.ec2', 'two words']) {
      expect(construct({ publishers: [{ account: '111111111111', sources: [source] }] })).toThrow(/is not a source a publisher can own/);
    }
  });

  test('grantPublish without sources throws', () => {
    const stack = new Stack(new App(), 'BusStack');
    const bus = new RouterBus(stack, 'RouterBus', { eventBusName: 'event-router' });
    const role = new Role(stack, 'Producer', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    expect(() => bus.grantPublish(role, { sources: [] })).toThrow(InvalidPublisherPolicyError);
  });

  test('the default bus name is refused', () => {
    expect(construct({ eventBusName: 'default' })).toThrow(InvalidPropError);
  });

  test('a bus name with a slash is refused', () => {
    expect(construct({ eventBusName: 'a/b' })).toThrow(/invalid eventBusName "a\/b"/);
  });
});
