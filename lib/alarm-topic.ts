import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge';
import { InvalidPropError } from './errors';

/** Props of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** Physical name of the topic (`routerNames(routerName).alarmTopic`); consumer stacks find it by this name. */
  readonly topicName: string;
  /**
   * E-mail address subscribed to the topic (the recipient confirms the subscription once).
   * @default - no subscription: subscribe a pager, chat or ticketing endpoint yourself
   */
  readonly email?: string;
}

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
// Deliberately loose: SNS validates the address; this only catches a value that is clearly not one.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The SNS topic every alarm of the router and of its consumers notifies, on ALARM and on OK.
 * Encrypted with its own KMS key, because CloudWatch cannot publish to a topic encrypted with
 * the AWS-managed SNS key (it may not use that key); the key policy lets CloudWatch use it.
 * TLS-only, and CloudWatch alarms of this account may publish to it.
 */
export class AlarmTopic extends Construct {
  /** The topic. */
  public readonly topic: Topic;
  /** The key the topic is encrypted with. */
  public readonly key: Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    if (!TOPIC_NAME.test(props.topicName)) {
      throw new InvalidPropError(this.node.path, 'topicName', props.topicName, 'use 1-256 letters, digits, "_" or "-"');
    }
    if (props.email !== undefined && !EMAIL.test(props.email)) {
      throw new InvalidPropError(
        this.node.path,
        'email',
        props.email,
        'give one e-mail address such as ops@example.com (context: -c alarmEmail=ops@example.com), or leave it out',
      );
    }
    const stack = Stack.of(this);
    this.key = new Key(this, 'Key', {
      description: `Encrypts the alarm topic ${props.topicName}; CloudWatch alarms use it to publish`,
      enableKeyRotation: true,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      topicName: props.topicName,
      displayName: `${props.topicName}: event-router alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // The TLS policy replaces SNS's default topic policy, so CloudWatch needs an explicit grant.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccountPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }),
    );
    if (props.email !== undefined) {
      const subscription = this.topic.addSubscription(new EmailSubscription(props.email));
      acknowledge(
        subscription,
        'Serverless-SNSRedrivePolicy',
        'An e-mail subscription for people: a notification that cannot be delivered loses no state, since the alarm stays in ALARM in CloudWatch and on the dashboards; subscribe a queue or pager too if e-mail alone is not enough.',
      );
    }
  }
}
