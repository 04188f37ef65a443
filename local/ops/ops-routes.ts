import type { EventBridgeEndpoint, LocalEventBridge, RuleDefinition } from '../eventbridge/endpoint';
import type { EventBridgeContext } from '../runtime';
import type { PeekedMessage } from '../sqs';
import type { StatusReport } from '../status';
import { MetricName } from '../../runtime/observability';
import { localConsumerResources, type LocalConsumerResources } from './consumer-resources';
import { EventJournal } from './event-journal';

/** `GET /endpoints`: what a CLI given `--endpoint` needs to reach every other local service. */
export interface LocalEndpoints {
  readonly eventBridge: string;
  readonly sqs: string;
  readonly dynamodb: string;
  readonly region: string;
  readonly accountId: string;
  /** The router's name: its bus (contract 1: the bus is named after the router). */
  readonly routerName: string;
}

/** Queue kinds of a consumer, in the order `GET /trace` looks through them. */
const QUEUE_KINDS = ['bufferQueue', 'queue', 'deadLetterQueue', 'bufferDeadLetterQueue', 'targetDeadLetterQueue'] as const;

/** A message of a consumer's queue that carries a traced event, read without receiving it. */
export interface QueuedCopy {
  readonly consumer: string;
  readonly queue: (typeof QUEUE_KINDS)[number];
  readonly eventId: string;
  readonly messageId: string;
  readonly state: PeekedMessage['state'];
  readonly receiveCount: number;
  readonly groupId?: string;
  readonly sentTimestamp: number;
  readonly attributes: Record<string, string>;
}

/**
 * Serves the routes the ops layer (`event-router status|dlq|replay|trace --endpoint`) reads on the local runtime:
 * `GET /endpoints`, `GET /resources` (every consumer's queues, DLQs, tables, rule ARNs, live queue counts and
 * metric sums) and `GET /trace?q=<eventId|correlationId|entity>` (what the endpoint routed, the consumers' log
 * lines about it, and the queue messages that still hold it).
 */
export function serveOpsRoutes(
  endpoint: EventBridgeEndpoint,
  context: EventBridgeContext,
  bridge: LocalEventBridge,
  status?: () => Promise<StatusReport>,
): EventJournal {
  const rules = bridge.buses.flatMap((bus) => bus.rules);
  const ruleArnOf = (origin: string) => rules.find((rule) => rule.origin === origin)?.arn;
  const consumers: LocalConsumerResources[] = localConsumerResources(
    context.resources,
    { endpoint: context.endpoints.sqs, accountId: context.account.accountId },
    ruleArnOf,
  );
  const consumerOfRule = (rule: RuleDefinition) => consumers.find((consumer) => consumer.ruleArn === rule.arn)?.name;
  const consumerOfFunction = (name: string) => consumers.find((consumer) => consumer.functionName === name || consumer.forwarderName === name)?.name;
  const journal = new EventJournal(consumerOfRule);
  context.events?.on('log', (line) => journal.onLog(line, consumerOfFunction));


  const archived = bridge.archives;
  const routerBus = bridge.buses.find((bus) => archived.some((archive) => archive.busName === bus.name)) ?? bridge.buses.find((bus) => bus.name !== 'default');
  const endpoints: LocalEndpoints = {
    eventBridge: endpoint.url,
    sqs: context.endpoints.sqs,
    dynamodb: context.endpoints.dynamodb,
    region: context.account.region,
    accountId: context.account.accountId,
    routerName: routerBus?.name ?? 'default',
  };
  endpoint.serveJson('/endpoints', () => endpoints);
  endpoint.serveJson('/resources', async () => ({
    routerName: endpoints.routerName,
    busName: routerBus?.name,
    busArn: routerBus?.arn,
    archives: archived.map((archive) => ({ name: archive.name, arn: archive.arn, busName: archive.busName, retentionDays: archive.retentionDays })),
    consumers,
    queueStats: Object.fromEntries(
      consumers.flatMap((consumer) => QUEUE_KINDS.flatMap((kind) => (consumer[kind] === undefined ? [] : [consumer[kind]!.arn]))).map((arn) => [arn, context.queueStats(arn)]),
    ),
    metrics: await metricsOf(consumers, context, status === undefined ? undefined : await status()),
  }));
  endpoint.serveJson('/trace', (query) => {
    const q = query.get('q');
    if (q === null || q.trim() === '') throw new Error('GET /trace needs ?q=<eventId | correlationId | entity id>.');
    const found = journal.find(q.trim());
    const ids = new Set([q.trim(), ...found.events.map((event) => event.eventId)]);
    const queued: QueuedCopy[] = [];
    for (const consumer of consumers) {
      for (const kind of QUEUE_KINDS) {
        const queue = consumer[kind];
        if (queue === undefined) continue;
        for (const message of context.peekQueue?.(queue.arn) ?? []) {
          const { eventId, correlationId, entities } = describeBody(message.body);
          // A message can name the query without the endpoint having routed it (sent to a queue directly, or before a restart).
          if (eventId === undefined || !(ids.has(eventId) || correlationId === q.trim() || entities.includes(q.trim()) || message.messageGroupId === q.trim())) continue;
          queued.push({
            consumer: consumer.name,
            queue: kind,
            eventId,
            messageId: message.messageId,
            state: message.state,
            receiveCount: message.receiveCount,
            groupId: message.messageGroupId,
            sentTimestamp: message.sentTimestamp,
            attributes: Object.fromEntries(Object.entries(message.messageAttributes).map(([key, value]) => [key, value.StringValue ?? ''])),
          });
        }
      }
    }
    return { ...found, queued };
  });
  return journal;
}

function describeBody(body: string): { eventId?: string; correlationId?: string; entities: string[] } {
  try {
    const event = JSON.parse(body) as { id?: unknown; detail?: { metadata?: { eventId?: unknown; correlationId?: unknown }; data?: Record<string, unknown> } };
    const eventId = event.detail?.metadata?.eventId ?? event.id;
    const correlationId = event.detail?.metadata?.correlationId;
    const data = event.detail?.data !== null && typeof event.detail?.data === 'object' ? event.detail.data : {};
    return {
      eventId: typeof eventId === 'string' ? eventId : undefined,
      correlationId: typeof correlationId === 'string' ? correlationId : undefined,
      entities: Object.values(data).filter((value) => typeof value === 'string' || typeof value === 'number').map(String),
    };
  } catch {
    return { entities: [] };
  }
}

/**
 * The contract metrics of each consumer since the runtime started. `EventsFailed` is taken from `GET /status`
 * when given (messages that failed at least once, however often retried), so `event-router status` agrees with it.
 */
function metricsOf(
  consumers: readonly LocalConsumerResources[],
  context: EventBridgeContext,
  report: StatusReport | undefined,
): Record<string, Record<string, number>> {
  return Object.fromEntries(
    consumers.map((consumer) => {
      const figures: Record<string, number> = Object.fromEntries(
        Object.values(MetricName).map((name) => [
          name,
          // HeldEvents is a gauge (the sweeper reports the count each run): its latest value, not a sum.
          name === MetricName.HeldEvents ? context.metrics.latestMetric(consumer.name, name) : context.metrics.metric(consumer.name, name),
        ]),
      );
      const failed = report?.consumers[consumer.name]?.failed;
      if (failed !== undefined) figures[MetricName.EventsFailed] = failed;
      return [consumer.name, figures];
    }),
  );
}
