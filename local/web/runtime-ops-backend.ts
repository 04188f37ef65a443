import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { LocalRuntime } from '../runtime';
import { consumerWiring, type ConsumerWiring } from '../status';
import { WebNotFoundError } from './errors';
import type { EventLog, LoggedEvent } from './event-log';
import type { ConsumerOutcome, OpsBackend, ParkedMessage, RedriveResult, TraceResult } from './ops-backend';

/** Messages a peek reads from one DLQ at most. */
const PEEK_LIMIT = 100;
/** How long a peek hides the messages it reads before it hands them back (visibility 0). */
const PEEK_VISIBILITY_SECONDS = 30;

/** Where a DLQ's messages go back to. */
interface RedriveRoute {
  readonly dlqUrl: string;
  readonly dlqName: string;
  readonly destinationUrl: string;
  readonly destinationFifo: boolean;
  /** Group for messages that come back without one (a rule target's static group). */
  readonly groupId?: string;
}

/**
 * INTERIM binding of {@link OpsBackend}, to be replaced by the ops/ layer's trace, `dlq peek` and
 * `dlq redrive` (the brief: "the same code as event-router dlq redrive") at merge. It reads only what
 * the runtime exposes: accepted events from the endpoint's routing ({@link EventLog}), the
 * consumers' dedupe markers in DynamoDB Local, and the DLQs through the local SQS endpoint (a peek
 * receives with a visibility timeout and hands the messages back at once).
 */
export class RuntimeOpsBackend implements OpsBackend {
  private readonly wiring: ConsumerWiring[];
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly runtime: Pick<LocalRuntime, 'resources' | 'functions' | 'queues' | 'queue'>,
    private readonly log: EventLog,
    private readonly sqs: SQSClient,
    private readonly dynamodb: DynamoDBClient,
  ) {
    this.wiring = consumerWiring(runtime.resources);
  }

  async trace(query: string): Promise<TraceResult> {
    const found = this.log.find(query);
    const parkedByConsumer = new Map<string, Promise<ParkedMessage[]>>();
    const parked = (consumer: string) => {
      if (!parkedByConsumer.has(consumer)) parkedByConsumer.set(consumer, this.peek(consumer));
      return parkedByConsumer.get(consumer)!;
    };
    const events = await Promise.all(
      found.map(async (event) => ({
        id: event.id,
        eventId: event.eventId,
        correlationId: event.correlationId,
        entities: event.entities,
        source: event.source,
        detailType: event.detailType,
        bus: event.bus,
        time: event.time,
        detail: event.detail,
        consumers: await Promise.all(this.wiring.map((consumer) => this.outcome(event, consumer, parked))),
      })),
    );
    return { query, events };
  }

  async peek(consumer: string): Promise<ParkedMessage[]> {
    const routes = this.routes(consumer);
    return this.locked(consumer, async () => (await Promise.all(routes.map((route) => this.peekQueue(route)))).flat());
  }

  async redrive(consumer: string, messageIds: readonly string[]): Promise<RedriveResult> {
    const routes = this.routes(consumer);
    return this.locked(consumer, async () => {
      const wanted = new Set(messageIds);
      const redriven: string[] = [];
      const failed: { messageId: string; reason: string }[] = [];
      for (const route of routes) {
        const messages = await this.receiveAll(route);
        const release: Message[] = [];
        for (const message of messages) {
          if (!wanted.has(message.MessageId!)) {
            release.push(message);
            continue;
          }
          wanted.delete(message.MessageId!);
          try {
            await this.sqs.send(new SendMessageCommand(this.redriveMessage(route, message)));
            // Deleted only once it is back on its queue: a failure here leaves it parked, never lost.
            await this.sqs.send(new DeleteMessageCommand({ QueueUrl: route.dlqUrl, ReceiptHandle: message.ReceiptHandle! }));
            redriven.push(message.MessageId!);
          } catch (error) {
            release.push(message);
            failed.push({ messageId: message.MessageId!, reason: (error as Error).message });
          }
        }
        await this.release(route, release);
      }
      for (const messageId of wanted) failed.push({ messageId, reason: `not in ${consumer}'s dead-letter queues any more` });
      return { redriven, failed };
    });
  }

  private async outcome(event: LoggedEvent, consumer: ConsumerWiring, parked: (c: string) => Promise<ParkedMessage[]>): Promise<ConsumerOutcome> {
    if (!event.rules.some((rule) => consumer.ruleLogicalIds.includes(rule))) return { consumer: consumer.name, outcome: 'not-routed' };
    const key = event.eventId ?? event.id;
    const table = this.runtime.functions.find((f) => f.consumerName === consumer.name)?.fn.definition.environment.DEDUPE_TABLE_NAME;
    if (table !== undefined) {
      const marker = await this.dynamodb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: `${consumer.name}#${key}` } }, ConsistentRead: true }));
      if (marker.Item !== undefined) return { consumer: consumer.name, outcome: 'processed', note: `processed at ${marker.Item.processedAt?.S ?? '?'}` };
    }
    const message = (await parked(consumer.name)).find((m) => m.eventId === key || m.eventId === event.id);
    if (message !== undefined) return { consumer: consumer.name, outcome: 'parked', note: `${message.queue}: ${message.reason}` };
    return { consumer: consumer.name, outcome: 'pending', note: 'routed; not processed or parked yet' };
  }

  private routes(consumer: string): RedriveRoute[] {
    const wiring = this.wiring.find((w) => w.name === consumer);
    if (wiring === undefined) throw new WebNotFoundError(`No consumer is named ${JSON.stringify(consumer)}; known: ${this.wiring.map((w) => w.name).join(', ')}.`);
    return wiring.dlqArns.map((dlqArn) => {
      const dlq = this.runtime.queue(dlqArn);
      const source = this.runtime.queues.find((q) => q.deadLetterArn === dlqArn);
      if (source !== undefined) return { dlqUrl: dlq.url, dlqName: dlq.name, destinationUrl: source.url, destinationFifo: source.fifo };
      // A rule target's DLQ: its events go back to that target with the target's static group.
      const target = this.targetOfDlq(dlqArn);
      const destination = target === undefined ? undefined : this.runtime.queue(target.arn);
      if (destination === undefined) return { dlqUrl: dlq.url, dlqName: dlq.name, destinationUrl: dlq.url, destinationFifo: dlq.fifo };
      return { dlqUrl: dlq.url, dlqName: dlq.name, destinationUrl: destination.url, destinationFifo: destination.fifo, groupId: target!.groupId };
    });
  }

  private targetOfDlq(dlqArn: string): { arn: string; groupId?: string } | undefined {
    for (const rule of this.runtime.resources.filter((r) => r.type === 'AWS::Events::Rule')) {
      for (const target of (rule.properties.Targets ?? []) as Record<string, unknown>[]) {
        if ((target.DeadLetterConfig as { Arn?: unknown } | undefined)?.Arn === dlqArn) {
          const group = (target.SqsParameters as { MessageGroupId?: unknown } | undefined)?.MessageGroupId;
          return { arn: String(target.Arn), groupId: typeof group === 'string' ? group : undefined };
        }
      }
    }
    return undefined;
  }

  private redriveMessage(route: RedriveRoute, message: Message) {
    const attributes = Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, { DataType: value.DataType, StringValue: value.StringValue, BinaryValue: value.BinaryValue }]),
    );
    return {
      QueueUrl: route.destinationUrl,
      MessageBody: message.Body!,
      MessageAttributes: Object.keys(attributes).length === 0 ? undefined : attributes,
      ...(route.destinationFifo
        ? {
            MessageGroupId: message.Attributes?.MessageGroupId ?? route.groupId ?? 'redrive',
            // A fresh id: the original one may still be inside the 5-minute deduplication window, which would
            // swallow the redrive silently. The consumer's dedupe table still keeps processing once-only.
            MessageDeduplicationId: `redrive-${message.MessageId}-${Date.now()}`.slice(0, 128),
          }
        : {}),
    };
  }

  private async peekQueue(route: RedriveRoute): Promise<ParkedMessage[]> {
    const messages = await this.receiveAll(route);
    await this.release(route, messages);
    return messages.map((message) => toParked(route, message));
  }

  private async receiveAll(route: RedriveRoute): Promise<Message[]> {
    const all: Message[] = [];
    while (all.length < PEEK_LIMIT) {
      const response = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: route.dlqUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: PEEK_VISIBILITY_SECONDS,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
        }),
      );
      const batch = response.Messages ?? [];
      if (batch.length === 0) break;
      all.push(...batch);
    }
    return all;
  }

  private async release(route: RedriveRoute, messages: readonly Message[]): Promise<void> {
    for (let start = 0; start < messages.length; start += 10) {
      const chunk = messages.slice(start, start + 10);
      await this.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: route.dlqUrl,
          Entries: chunk.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })),
        }),
      );
    }
  }

  /** One peek or redrive per consumer at a time: a peek hides messages from a concurrent one. */
  private locked<T>(consumer: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(consumer) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.locks.set(consumer, next);
    return next;
  }
}

function toParked(route: RedriveRoute, message: Message): ParkedMessage {
  const attr = (name: string) => message.MessageAttributes?.[name]?.StringValue;
  let eventId = attr('EventId');
  if (eventId === undefined) {
    try {
      const body = JSON.parse(message.Body ?? '') as { id?: unknown; detail?: { metadata?: { eventId?: unknown } } };
      const id = body.detail?.metadata?.eventId ?? body.id;
      if (typeof id === 'string') eventId = id;
    } catch {
      // Not JSON: a malformed message, shown as it is.
    }
  }
  const reason =
    attr('ErrorType') !== undefined
      ? `${attr('ErrorType')}: ${attr('ErrorMessage') ?? ''}`
      : attr('ERROR_CODE') !== undefined
        ? `EventBridge ${attr('ERROR_CODE')}: ${attr('ERROR_MESSAGE') ?? ''}`
        : 'moved by the queue redrive policy after maxReceiveCount failed receives';
  return {
    messageId: message.MessageId!,
    queue: route.dlqName,
    reason,
    parkedAt: attr('ParkedAt'),
    parkedBy: attr('ParkedBy'),
    eventId,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
    body: message.Body ?? '',
  };
}
