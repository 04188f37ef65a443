import { consumerOfRuleDescription } from '../../runtime/contract';
import type { EventsResource } from '../eventbridge/endpoint';
import { EnvironmentVariable } from '../../runtime/contract';

/** A queue as `GET /resources` lists it. */
export interface LocalQueueRef {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly fifo: boolean;
  /** `MessageRetentionPeriod` in seconds (SQS's default 4 days when the template sets none). */
  readonly retentionSeconds: number;
}

/** One consumer's resources as `GET /resources` lists them: the same shape the ops layer builds from CloudFormation on AWS. */
export interface LocalConsumerResources {
  readonly name: string;
  readonly busName: string;
  readonly ruleName: string;
  readonly ruleArn: string;
  /** The static MessageGroupId the rule target (buffer queue) gets. */
  readonly bufferGroupId?: string;
  readonly queue?: LocalQueueRef;
  readonly deadLetterQueue?: LocalQueueRef;
  readonly bufferQueue?: LocalQueueRef;
  readonly bufferDeadLetterQueue?: LocalQueueRef;
  readonly targetDeadLetterQueue?: LocalQueueRef;
  readonly dedupeTable?: string;
  readonly stateTable?: string;
  readonly functionName?: string;
  readonly forwarderName?: string;
}

/** SQS's default retention when a queue sets none: 4 days. */
const DEFAULT_RETENTION_SECONDS = 345_600;

type Props = Record<string, unknown>;

/**
 * Finds each consumer's resources in the resolved templates: its rule (Description `event-router consumer: <name>`),
 * the rule target (buffer queue) and its DLQ, the function with `CONSUMER_NAME` = name, the queue its event source
 * mapping reads and that queue's DLQ, the forwarder reading the buffer queue and the tables in the function's
 * environment.
 */
export function localConsumerResources(
  resources: readonly EventsResource[],
  sqs: { readonly endpoint: string; readonly accountId: string },
  ruleArnOf: (origin: string) => string | undefined,
): LocalConsumerResources[] {
  const queues = new Map<string, EventsResource>();
  for (const resource of resources) if (resource.type === 'AWS::SQS::Queue' && resource.attributes?.Arn) queues.set(resource.attributes.Arn, resource);
  const queueRef = (arn: string | undefined): LocalQueueRef | undefined => {
    if (arn === undefined) return undefined;
    const resource = queues.get(arn);
    const name = arn.split(':').at(-1)!;
    return {
      name,
      url: `${sqs.endpoint}/${sqs.accountId}/${name}`,
      arn,
      fifo: name.endsWith('.fifo'),
      retentionSeconds: Number(resource?.properties.MessageRetentionPeriod ?? DEFAULT_RETENTION_SECONDS),
    };
  };
  const dlqOf = (arn: string | undefined): string | undefined => {
    let policy = arn === undefined ? undefined : (queues.get(arn)?.properties.RedrivePolicy as Props | string | undefined);
    if (typeof policy === 'string') policy = JSON.parse(policy) as Props;
    return typeof policy?.deadLetterTargetArn === 'string' ? policy.deadLetterTargetArn : undefined;
  };
  const functions = resources.filter((resource) => resource.type === 'AWS::Lambda::Function');
  const mappings = resources.filter((resource) => resource.type === 'AWS::Lambda::EventSourceMapping');
  const functionNamed = (ref: unknown) =>
    functions.find((fn) => fn.physicalId === ref || fn.properties.FunctionName === ref || fn.attributes?.Arn === ref);
  const envOf = (fn: EventsResource | undefined) => ((fn?.properties.Environment as { Variables?: Props } | undefined)?.Variables ?? {}) as Props;

  const consumers: LocalConsumerResources[] = [];
  for (const rule of resources) {
    const name = rule.type === 'AWS::Events::Rule' ? consumerOfRuleDescription(rule.properties.Description) : undefined;
    if (name === undefined) continue;
    const target = ((rule.properties.Targets ?? []) as Props[]).find((t) => typeof t.Arn === 'string' && t.Arn.startsWith('arn:aws:sqs:'));
    const bufferArn = target?.Arn as string | undefined;
    const fn = functions.find((candidate) => envOf(candidate)[EnvironmentVariable.CONSUMER_NAME] === name);
    const fnMapping = mappings.find((mapping) => fn !== undefined && functionNamed(mapping.properties.FunctionName) === fn);
    const queueArn = typeof fnMapping?.properties.EventSourceArn === 'string' ? fnMapping.properties.EventSourceArn : undefined;
    const forwarderMapping = mappings.find((mapping) => mapping.properties.EventSourceArn === bufferArn);
    const forwarder = forwarderMapping === undefined ? undefined : functionNamed(forwarderMapping.properties.FunctionName);
    const env = envOf(fn);
    const dedupeTable = env[EnvironmentVariable.DEDUPE_TABLE_NAME];
    const stateTable = env[EnvironmentVariable.STATE_TABLE_NAME];
    const busName = typeof rule.properties.EventBusName === 'string' ? rule.properties.EventBusName.split(':event-bus/').at(-1)! : 'default';
    const ruleName = typeof rule.properties.Name === 'string' ? rule.properties.Name : (rule.physicalId?.split('|').at(-1) ?? rule.logicalId);
    consumers.push({
      name,
      busName,
      ruleName,
      ruleArn: ruleArnOf(`${rule.stackName}/${rule.logicalId}`) ?? rule.attributes?.Arn ?? '',
      bufferGroupId: typeof (target?.SqsParameters as Props | undefined)?.MessageGroupId === 'string' ? ((target!.SqsParameters as Props).MessageGroupId as string) : undefined,
      queue: queueRef(queueArn),
      deadLetterQueue: queueRef(dlqOf(queueArn)),
      bufferQueue: queueRef(bufferArn),
      bufferDeadLetterQueue: queueRef(dlqOf(bufferArn)),
      targetDeadLetterQueue: queueRef((target?.DeadLetterConfig as Props | undefined)?.Arn as string | undefined),
      dedupeTable: typeof dedupeTable === 'string' ? dedupeTable : undefined,
      stateTable: typeof stateTable === 'string' ? stateTable : undefined,
      functionName: fn?.physicalId,
      forwarderName: forwarder?.physicalId,
    });
  }
  return consumers.sort((a, b) => a.name.localeCompare(b.name));
}
