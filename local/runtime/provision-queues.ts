import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ResolvedResource } from '../template';
import { ProvisioningError } from './errors';

/** A queue the runtime created. */
export interface LocalQueue {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly fifo: boolean;
  /** The redrive target's ARN, when the queue has a `RedrivePolicy`. */
  readonly deadLetterArn?: string;
  readonly maxReceiveCount?: number;
}

// CloudFormation properties that are SQS attributes of the same name.
const ATTRIBUTE_PROPERTIES = [
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'DelaySeconds',
  'FifoQueue',
  'FifoThroughputLimit',
  'KmsDataKeyReusePeriodSeconds',
  'KmsMasterKeyId',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'SqsManagedSseEnabled',
  'VisibilityTimeout',
];

/** Creates every `AWS::SQS::Queue` on the SQS endpoint, dead-letter queues before the queues that redrive to them. */
export async function provisionQueues(client: SQSClient, resources: readonly ResolvedResource[]): Promise<LocalQueue[]> {
  const queues = resources.filter((r) => r.type === 'AWS::SQS::Queue');
  const byArn = new Map(queues.map((q) => [q.attributes.Arn, q]));
  const created = new Map<ResolvedResource, Promise<LocalQueue>>();
  const create = (queue: ResolvedResource, chain: ResolvedResource[]): Promise<LocalQueue> => {
    const known = created.get(queue);
    if (known !== undefined) return known;
    const where = `${queue.stackName}/${queue.logicalId}`;
    if (chain.includes(queue)) throw new ProvisioningError(where, 'its RedrivePolicy chain loops back to itself.');
    const redrive = redrivePolicy(queue);
    const target = redrive === undefined ? undefined : byArn.get(redrive.deadLetterTargetArn);
    if (redrive !== undefined && target === undefined) {
      throw new ProvisioningError(where, `RedrivePolicy targets ${redrive.deadLetterTargetArn}, which no template declares.`);
    }
    const promise = (target === undefined ? Promise.resolve() : create(target, [...chain, queue]).then(() => undefined)).then(() =>
      createQueue(client, queue, redrive),
    );
    created.set(queue, promise);
    return promise;
  };
  return Promise.all(queues.map((q) => create(q, [])));
}

function redrivePolicy(queue: ResolvedResource): { deadLetterTargetArn: string; maxReceiveCount: number } | undefined {
  let policy = queue.properties.RedrivePolicy as Record<string, unknown> | string | undefined;
  if (policy === undefined) return undefined;
  if (typeof policy === 'string') policy = JSON.parse(policy) as Record<string, unknown>;
  return { deadLetterTargetArn: String(policy.deadLetterTargetArn), maxReceiveCount: Number(policy.maxReceiveCount) };
}

async function createQueue(
  client: SQSClient,
  queue: ResolvedResource,
  redrive: { deadLetterTargetArn: string; maxReceiveCount: number } | undefined,
): Promise<LocalQueue> {
  const where = `${queue.stackName}/${queue.logicalId}`;
  const name = queue.attributes.QueueName;
  const attributes: Record<string, string> = {};
  for (const key of ATTRIBUTE_PROPERTIES) {
    const value = queue.properties[key];
    if (value !== undefined) attributes[key] = String(value);
  }
  if (redrive !== undefined) attributes.RedrivePolicy = JSON.stringify(redrive);
  if (queue.properties.RedriveAllowPolicy !== undefined) {
    const allow = queue.properties.RedriveAllowPolicy;
    attributes.RedriveAllowPolicy = typeof allow === 'string' ? allow : JSON.stringify(allow);
  }
  let url: string | undefined;
  try {
    ({ QueueUrl: url } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })));
  } catch (error) {
    throw new ProvisioningError(where, `the SQS endpoint refused queue ${name}: ${(error as Error).message}`, { cause: error });
  }
  if (url !== queue.physicalId) {
    // Functions got the template's Ref (the URL) in their environment; a different real URL would strand them.
    throw new ProvisioningError(where, `the SQS endpoint created ${url}, but the template resolved the queue to ${queue.physicalId}.`);
  }
  return {
    stackName: queue.stackName,
    logicalId: queue.logicalId,
    name,
    url,
    arn: queue.attributes.Arn,
    fifo: attributes.FifoQueue === 'true',
    deadLetterArn: redrive?.deadLetterTargetArn,
    maxReceiveCount: redrive?.maxReceiveCount,
  };
}
