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

  test('grantPublish allows PutEvents on this bus only', () => {
    const stack = new Stack(new App(), 'BusStack');
    const bus = new RouterBus(stack, 'RouterBus', { eventBusName: 'event-router' });
    const role = new Role(stack, 'Producer', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    bus.grantPublish(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'events:PutEvents',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [stack.getLogicalId(bus.eventBus.node.defaultChild as never), 'Arn'] },
          },
        ],
      },
    });
  });

  test('publisherAccountIds admits exactly those accounts', () => {
    const { template } = synth({ publisherAccountIds: ['111111111111', '222222222222'] });
    const policy = JSON.stringify(template.toJSON());
    expect(policy).toContain(':iam::111111111111:root');
    expect(policy).toContain(':iam::222222222222:root');
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({ Sid: 'cdk-PublishFromListedAccounts', Action: 'events:PutEvents', Effect: 'Allow' }),
    });
  });

  test('publisherOrganizationId admits principals of that organization only', () => {
    synth({ publisherOrganizationId: 'o-abcdef1234' }).template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({
        Sid: 'cdk-PublishFromOrganization',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } },
      }),
    });
  });
});

describe('RouterBus validation', () => {
  test('an account id that is not 12 digits throws', () => {
    expect(construct({ publisherAccountIds: ['*'] })).toThrow(InvalidPublisherPolicyError);
    expect(construct({ publisherAccountIds: ['12345'] })).toThrow(/"12345" is not a 12-digit AWS account id/);
  });

  test('an account listed twice throws', () => {
    expect(construct({ publisherAccountIds: ['111111111111', '111111111111'] })).toThrow(/lists an account twice/);
  });

  test('an organization id not of the form o-xxxxxxxxxx throws', () => {
    expect(construct({ publisherOrganizationId: '*' })).toThrow(/is not an AWS Organizations id/);
  });

  test('the default bus name is refused', () => {
    expect(construct({ eventBusName: 'default' })).toThrow(InvalidPropError);
  });

  test('a bus name with a slash is refused', () => {
    expect(construct({ eventBusName: 'a/b' })).toThrow(/invalid eventBusName "a\/b"/);
  });
});
