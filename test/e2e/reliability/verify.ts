/**
 * The reliability suite's verdict, computed from the probe's own records (its state table) and the
 * probe consumer's DLQ, never from the consumer runtime's markers or cursors:
 * - lost: a published non-poison event with no applied effect;
 * - duplicateEffects: transactional effects applied more than once (extra applications);
 * - orderViolations: an entity whose n-th applied effect is not sequence n;
 * - parkedWithReason / parkedWithoutReason: DLQ messages with / without ErrorType and ErrorMessage;
 * - directRepeatedEffects: executions of the direct (non-transactional) effect beyond one per event.
 */
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { LocalRouter } from '../../../local/router/index';
import { RELIABILITY_PROBE } from './reliability-app';
import type { Published } from './workload';

/** The verdict of one run. */
export interface Verdict {
  readonly events: number;
  readonly entities: number;
  readonly lost: number;
  readonly duplicateEffects: number;
  readonly orderViolations: number;
  /** Applied effects of events nobody published, or of poison events. */
  readonly unexpectedEffects: number;
  readonly poison: number;
  readonly poisonParkedWithReason: number;
  readonly parkedWithReason: number;
  readonly parkedWithoutReason: number;
  /** Non-poison events parked: each is also lost. */
  readonly parkedUnexpected: number;
  readonly directRepeatedEffects: number;
  /** Examples of each problem, for a failure message. */
  readonly examples: string[];
}

interface Applied {
  readonly n: number;
  readonly eventId: string;
  readonly sequence: number;
}

/** Reads the probe's state table: applied effects per entity (in application order) and direct effects per eventId. */
export async function readProbeRecords(router: LocalRouter): Promise<{ applied: Map<string, Applied[]>; direct: Map<string, number> }> {
  const table = router.runtime.func(RELIABILITY_PROBE).fn.definition.environment.STATE_TABLE_NAME!;
  const dynamodb = router.runtime.dynamoDbClient();
  const applied = new Map<string, Applied[]>();
  const direct = new Map<string, number>();
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of page.Items ?? []) {
      const entity = item.pk!.S!.replace(/^entity#/, '');
      const sk = item.sk!.S!;
      if (sk.startsWith('apply#')) {
        const list = applied.get(entity) ?? [];
        list.push({ n: Number(sk.slice('apply#'.length)), eventId: item.eventId!.S!, sequence: Number(item.sequence!.N!) });
        applied.set(entity, list);
      } else if (sk.startsWith('direct#')) {
        direct.set(item.eventId!.S!, (direct.get(item.eventId!.S!) ?? 0) + 1);
      }
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  for (const list of applied.values()) list.sort((a, b) => a.n - b.n);
  return { applied, direct };
}

/** A parked message of the probe's DLQ. */
export interface Parked {
  readonly eventId: string | undefined;
  readonly errorType: string | undefined;
  readonly errorMessage: string | undefined;
}

/**
 * Every message in the probe's DLQ, received once with a long visibility timeout (so each is read once;
 * they stay in the queue for operators).
 */
export async function readParked(router: LocalRouter): Promise<Parked[]> {
  const queueUrl = router.runtime.func(RELIABILITY_PROBE).fn.definition.environment.DEAD_LETTER_QUEUE_URL!;
  const sqs = router.runtime.sqsClient();
  const parked: Parked[] = [];
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 3600, MessageAttributeNames: ['All'], WaitTimeSeconds: 0 }));
    if ((out.Messages ?? []).length === 0) return parked;
    for (const message of out.Messages!) {
      let eventId = message.MessageAttributes?.EventId?.StringValue;
      try {
        eventId ??= (JSON.parse(message.Body ?? '') as { detail?: { metadata?: { eventId?: string } } }).detail?.metadata?.eventId;
      } catch {
        // A body that is not JSON: no eventId to match.
      }
      parked.push({ eventId, errorType: message.MessageAttributes?.ErrorType?.StringValue, errorMessage: message.MessageAttributes?.ErrorMessage?.StringValue });
    }
  }
}

/** Compares what was published with the probe's records and the parked messages. */
export function judge(published: Published, records: Awaited<ReturnType<typeof readProbeRecords>>, parked: readonly Parked[]): Verdict {
  const examples: string[] = [];
  const note = (text: string) => void (examples.length < 20 && examples.push(text));
  const expectedById = new Map(published.expected.map((e) => [e.eventId, e]));
  const poisonIds = new Set(published.poison.map((p) => p.eventId));
  const appliedCount = new Map<string, number>();
  let orderViolations = 0;
  let unexpectedEffects = 0;
  for (const [entity, list] of records.applied) {
    list.forEach((effect, index) => {
      appliedCount.set(effect.eventId, (appliedCount.get(effect.eventId) ?? 0) + 1);
      if (!expectedById.has(effect.eventId)) {
        unexpectedEffects += 1;
        note(`unexpected effect on ${entity}: ${effect.eventId} (poison: ${poisonIds.has(effect.eventId)})`);
      }
      if (effect.sequence !== index + 1) {
        orderViolations += 1;
        note(`order violation on ${entity}: effect #${index + 1} applied sequence ${effect.sequence}`);
      }
    });
  }
  let lost = 0;
  let duplicateEffects = 0;
  let directRepeatedEffects = 0;
  for (const event of published.expected) {
    const count = appliedCount.get(event.eventId) ?? 0;
    if (count === 0) {
      lost += 1;
      note(`lost: ${event.path} event ${event.eventId} (${event.entity} #${event.sequence})`);
    }
    if (count > 1) {
      duplicateEffects += count - 1;
      note(`applied ${count} times: ${event.eventId} (${event.entity} #${event.sequence})`);
    }
    directRepeatedEffects += Math.max(0, (records.direct.get(event.eventId) ?? 0) - 1);
  }
  const withReason = (p: Parked) => (p.errorType ?? '') !== '' && (p.errorMessage ?? '') !== '';
  const parkedIds = new Set(parked.filter(withReason).map((p) => p.eventId));
  const poisonParkedWithReason = published.poison.filter((p) => parkedIds.has(p.eventId)).length;
  for (const p of published.poison) if (!parkedIds.has(p.eventId)) note(`poison not parked with a reason: ${p.kind} ${p.eventId}`);
  const parkedUnexpected = parked.filter((p) => p.eventId === undefined || !poisonIds.has(p.eventId)).length;
  for (const p of parked) if (p.eventId === undefined || !poisonIds.has(p.eventId)) note(`parked non-poison ${p.eventId}: ${p.errorType}: ${p.errorMessage}`);
  return {
    events: published.expected.length + published.poison.length,
    entities: new Set([...published.expected.map((e) => e.entity), ...published.poison.map((p) => p.entity)]).size,
    lost,
    duplicateEffects,
    orderViolations,
    unexpectedEffects,
    poison: published.poison.length,
    poisonParkedWithReason,
    parkedWithReason: parked.filter(withReason).length,
    parkedWithoutReason: parked.filter((p) => !withReason(p)).length,
    parkedUnexpected,
    directRepeatedEffects,
    examples,
  };
}
