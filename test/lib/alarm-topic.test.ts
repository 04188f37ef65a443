import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AlarmTopic, InvalidPropError } from '../../lib';

function synth(email?: string): Template {
  const stack = new Stack(new App(), 'TopicStack');
  new AlarmTopic(stack, 'AlarmTopic', { topicName: 'event-router-alarms', email });
  return Template.fromStack(stack);
}

describe('AlarmTopic', () => {
  const template = synth();

  test('is an SNS topic with the given name, encrypted with its own rotating KMS key', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'event-router-alarms',
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmTopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('the key lets CloudWatch encrypt what it publishes (the AWS-managed SNS key would not)', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
  });

  test('the topic policy denies non-TLS publishing and lets this account\'s CloudWatch alarms publish', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
  });

  test('has no subscription without an e-mail', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('subscribes the e-mail address when given', () => {
    synth('ops@example.com').hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  test('a value that is not an e-mail address throws naming the prop and the context flag', () => {
    expect(() => synth('ops')).toThrow(InvalidPropError);
    expect(() => synth('ops')).toThrow(/invalid email "ops".*-c alarmEmail=ops@example.com/);
  });
});
