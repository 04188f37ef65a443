import { consumerOfRuleDescription } from '../../runtime/contract';
import type { EventsResource } from '../eventbridge/endpoint';
import { EnvironmentVariable } from '../../runtime/contract';

/** Which resources belong to one consumer, found in the resolved templates. */
export interface ConsumerWiring {
  readonly name: string;
  /** `<stack>/<logicalId>` of the consumer's rules (normally one). */
  readonly ruleLogicalIds: readonly string[];
  /** Queues that hold the consumer's pending events: the rule's target (buffer) queue and the queue its function reads. */
  readonly queueArns: readonly string[];
  /** Dead-letter queues of those queues and of the rule targets. */
  readonly dlqArns: readonly string[];
  /** Names of the functions whose `CONSUMER_NAME` is the consumer's (as their log lines name them). */
  readonly functionNames: readonly string[];
}

/**
 * Finds every consumer in the templates: a consumer is a rule whose Description is
 * `event-router consumer: <name>`, plus the functions whose `CONSUMER_NAME` is that name.
 */
export function consumerWiring(resources: readonly EventsResource[]): ConsumerWiring[] {
  const byName = new Map<string, { rules: Set<string>; queues: Set<string>; dlqs: Set<string>; functions: Set<string> }>();
  const entry = (name: string) => {
    if (!byName.has(name)) byName.set(name, { rules: new Set(), queues: new Set(), dlqs: new Set(), functions: new Set() });
    return byName.get(name)!;
  };
  for (const resource of resources) {
    if (resource.type !== 'AWS::Events::Rule') continue;
    const name = consumerOfRuleDescription(resource.properties.Description);
    if (name === undefined) continue;
    const consumer = entry(name);
    consumer.rules.add(`${resource.stackName}/${resource.logicalId}`);
    for (const target of (resource.properties.Targets ?? []) as Record<string, unknown>[]) {
      if (typeof target.Arn === 'string' && target.Arn.startsWith('arn:aws:sqs:')) consumer.queues.add(target.Arn);
      const dlq = (target.DeadLetterConfig as { Arn?: unknown } | undefined)?.Arn;
      if (typeof dlq === 'string') consumer.dlqs.add(dlq);
    }
  }
  const consumerOfFunction = new Map<string, string>();
  for (const resource of resources) {
    if (resource.type !== 'AWS::Lambda::Function') continue;
    const env = (resource.properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const consumerName = env[EnvironmentVariable.CONSUMER_NAME];
    if (typeof consumerName === 'string') {
      entry(consumerName).functions.add(
        typeof resource.properties.FunctionName === 'string' ? resource.properties.FunctionName : (resource.physicalId ?? resource.logicalId),
      );
      for (const key of functionKeys(resource)) consumerOfFunction.set(key, consumerName);
    }
  }
  for (const resource of resources) {
    if (resource.type !== 'AWS::Lambda::EventSourceMapping') continue;
    const fn = resource.properties.FunctionName;
    const source = resource.properties.EventSourceArn;
    const name = typeof fn === 'string' ? consumerOfFunction.get(fn) ?? consumerOfFunction.get(lastSegment(fn)) : undefined;
    if (name !== undefined && typeof source === 'string' && source.startsWith('arn:aws:sqs:')) entry(name).queues.add(source);
  }
  const redrive = new Map<string, string>();
  for (const resource of resources) {
    if (resource.type !== 'AWS::SQS::Queue') continue;
    let policy = resource.properties.RedrivePolicy as Record<string, unknown> | string | undefined;
    if (typeof policy === 'string') policy = JSON.parse(policy) as Record<string, unknown>;
    const target = policy?.deadLetterTargetArn;
    if (typeof target !== 'string') continue;
    for (const name of queueNamesOf(resource)) redrive.set(name, target);
  }
  return [...byName.entries()]
    .map(([name, parts]) => {
      for (const queue of parts.queues) {
        const dlq = redrive.get(lastSegment(queue));
        if (dlq !== undefined) parts.dlqs.add(dlq);
      }
      return { name, ruleLogicalIds: [...parts.rules], queueArns: [...parts.queues], dlqArns: [...parts.dlqs], functionNames: [...parts.functions] };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function lastSegment(nameOrArn: string): string {
  return nameOrArn.split(':').at(-1)!;
}

/** A function is named by FunctionName, its physical id, or its ARN in an event source mapping. */
function functionKeys(resource: EventsResource): string[] {
  const keys = [resource.logicalId];
  if (typeof resource.properties.FunctionName === 'string') keys.push(resource.properties.FunctionName);
  if (resource.physicalId !== undefined) keys.push(resource.physicalId);
  return keys;
}

/** A queue's names (QueueName or physical id); a queue ARN ends with the name. */
function queueNamesOf(resource: EventsResource): string[] {
  const keys: string[] = [];
  if (typeof resource.properties.QueueName === 'string') keys.push(resource.properties.QueueName);
  if (resource.attributes?.Arn !== undefined) keys.push(lastSegment(resource.attributes.Arn));
  if (resource.attributes?.QueueName !== undefined) keys.push(resource.attributes.QueueName);
  return keys;
}
