import { allowsPublish, callerFromAuthorization, publishStatementsFrom } from '../../../../local/eventbridge/endpoint/publish-policy';

const SIGV4 = (key: string) =>
  `AWS4-HMAC-SHA256 Credential=${key}/20261130/us-east-1/events/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`;

describe('callerFromAuthorization', () => {
  test('a 12-digit access key id is the caller account', () => {
    expect(callerFromAuthorization(SIGV4('111111111111'), '000000000000')).toEqual({ accountId: '111111111111' });
  });

  test('any other access key, or none, is the local account', () => {
    expect(callerFromAuthorization(SIGV4('local'), '000000000000')).toEqual({ accountId: '000000000000' });
    expect(callerFromAuthorization(SIGV4('AKIAIOSFODNN7EXAMPLE'), '000000000000')).toEqual({ accountId: '000000000000' });
    expect(callerFromAuthorization(undefined, '000000000000')).toEqual({ accountId: '000000000000' });
  });
});

describe('bus policy statements', () => {
  const statements = publishStatementsFrom([
    {
      stackName: 'RouterStack',
      logicalId: 'Policy1',
      type: 'AWS::Events::EventBusPolicy',
      properties: {
        EventBusName: 'event-router',
        StatementId: 'cdk-PublishFromAccount111111111111',
        Statement: {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'events:PutEvents',
          Resource: 'arn:aws:events:us-east-1:000000000000:event-bus/event-router',
          Condition: { 'ForAllValues:StringEquals': { 'events:source': ['orders-service', 'refunds-service'] }, Null: { 'events:source': 'false' } },
        },
      },
    },
    {
      stackName: 'RouterStack',
      logicalId: 'Policy2',
      type: 'AWS::Events::EventBusPolicy',
      properties: {
        EventBusName: 'event-router',
        StatementId: 'cdk-PublishFromOrganization',
        Statement: {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'events:PutEvents',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' }, 'ForAllValues:StringEquals': { 'events:source': 'billing-service' } },
        },
      },
    },
  ]).get('event-router')!;

  test('are read per bus, with their account, organization and sources', () => {
    expect(statements).toEqual([
      { sid: 'cdk-PublishFromAccount111111111111', account: '111111111111', organizationId: undefined, sources: ['orders-service', 'refunds-service'] },
      { sid: 'cdk-PublishFromOrganization', account: '*', organizationId: 'o-abcdef1234', sources: ['billing-service'] },
    ]);
  });

  test('admit a call whose every source is in one statement of the caller', () => {
    expect(allowsPublish(statements, { accountId: '111111111111' }, ['orders-service', 'refunds-service'])).toBe(true);
  });

  test('refuse a call with one source outside the statement (ForAllValues)', () => {
    expect(allowsPublish(statements, { accountId: '111111111111' }, ['orders-service', 'shipping-service'])).toBe(false);
  });

  test('an organization statement admits other accounts for its sources only (no Organizations locally)', () => {
    expect(allowsPublish(statements, { accountId: '333333333333' }, ['billing-service'])).toBe(true);
    expect(allowsPublish(statements, { accountId: '333333333333' }, ['orders-service'])).toBe(false);
  });

  test('no statement, no publishing from another account', () => {
    expect(allowsPublish([], { accountId: '111111111111' }, ['orders-service'])).toBe(false);
  });
});
