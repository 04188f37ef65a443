import { DeleteMessageCommand, GetQueueAttributesCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { toSqsId } from '../runtime/forwarding';
import { dlqRoute, type DlqRoute } from './dlq-route';
import { OpsInputError } from './errors';
import { parseFilter, type MessageFilter } from './message-filter';
import { toParkedMessage, type ParkedMessage } from './parked-message';
import { DEFAULT_HOLD_SECONDS, receiveBatch, releaseMessages } from './queue-reader';
import type { DlqKind, OpsTarget } from './types';

/** Options of {@link redriveDlq}. Exactly what to send back must be chosen: `ids`, `filter` or `all`. */
export interface RedriveOptions {
  /** Which DLQ of the consumer. @default 'consumer' */
  readonly queue?: DlqKind;
  /** DLQ message ids or eventIds to send back. */
  readonly ids?: readonly string[];
  /** `--filter` expressions, or a parsed filter. */
  readonly filter?: readonly string[] | string | MessageFilter;
  /** Send back every message (alone, or narrowed by `filter`). */
  readonly all?: boolean;
  /** Most messages sent per second. @default no limit */
  readonly rate?: number;
  /** Only report what would be sent; nothing is sent or deleted. @default false */
  readonly dryRun?: boolean;
  /** Seconds a read message stays hidden if the run dies before it is sent and deleted or released. @default 30 */
  readonly holdSeconds?: number;
  /** Aborting stops after the message in hand; what was read and not sent is made visible again. */
  readonly signal?: AbortSignal;
  /** Called after each message. */
  readonly onProgress?: (progress: RedriveProgress) => void;
}

/** Progress of a redrive: `total` is the DLQ depth when it started. */
export interface RedriveProgress {
  readonly done: number;
  readonly total: number;
  readonly redriven: number;
  readonly failed: number;
}

/** One selected message and what happened to it. */
export interface RedriveItem {
  readonly messageId: string;
  readonly eventId?: string;
  readonly entity?: string;
  readonly detailType?: string;
  readonly status: 'redriven' | 'would-redrive' | 'failed';
  readonly error?: string;
}

/** What {@link redriveDlq} did. */
export interface RedriveResult {
  readonly consumer: string;
  readonly queue: DlqKind;
  readonly from: string;
  readonly to: string;
  readonly dryRun: boolean;
  readonly items: RedriveItem[];
  /** Messages read that the selection left in the DLQ. */
  readonly notSelected: number;
  /** `ids` that matched no message. */
  readonly notFound: string[];
  /** Messages still in the DLQ after the run, and how many of those are hidden (held by another reader or an interrupted run). */
  readonly remaining: number;
  readonly inFlight: number;
  /** Entities whose later messages could not be reached: more than 9 unselected messages of the group come first. */
  readonly stuckEntities: string[];
  readonly interrupted: boolean;
  /** True when the run found a problem (failed sends, ids not found, interrupted, stuck or hidden messages): exit 1. */
  readonly problem: boolean;
}

/**
 * Checks redrive options on their own, before anything is connected or read: a selection, a positive rate, a filter.
 * @returns the parsed filter
 * @throws OpsInputError or FilterSyntaxError saying what to pass
 */
export function checkRedriveOptions(options: RedriveOptions): MessageFilter {
  if (options.ids === undefined && options.filter === undefined && options.all !== true) {
    throw new OpsInputError('Choose what to redrive: --ids <id,...>, --filter <expr> or --all (with --dry-run to see it first).');
  }
  if (options.rate !== undefined && !(options.rate > 0)) throw new OpsInputError(`--rate must be a positive number of messages per second; got ${String(options.rate)}.`);
  return typeof options.filter === 'function' ? options.filter : parseFilter(options.filter);
}

/**
 * Sends selected messages of a consumer's DLQ back to the queue they came from (see {@link dlqRoute}), and deletes
 * each from the DLQ only after its send succeeded. Each entity's messages go in DLQ order (oldest first per group),
 * one at a time. The body is sent unchanged, so the eventId and the consumer's dedupe hold; the deduplication id is
 * `redrive-<DLQ message id>`, so a re-run after an interrupted delete sends nothing new within SQS's 5-minute window,
 * and after it the consumer's dedupe skips the copy. Interrupting (signal) or killing the run loses nothing: a message
 * is in the DLQ until its send succeeded.
 */
export async function redriveDlq(target: OpsTarget, consumerName: string, options: RedriveOptions): Promise<RedriveResult> {
  const ids = options.ids === undefined ? undefined : new Set(options.ids);
  const filter = checkRedriveOptions(options);
  const selected = (m: ParkedMessage) => filter(m) && (ids === undefined || ids.has(m.messageId) || (m.eventId !== undefined && ids.has(m.eventId)));
  const route = dlqRoute(await target.consumer(consumerName), options.queue);
  const hold = options.holdSeconds ?? DEFAULT_HOLD_SECONDS;
  const total = (await depth(target, route)).messages;
  const items: RedriveItem[] = [];
  const found = new Set<string>();
  const seenUnselected = new Set<string>();
  const stuck = new Set<string>();
  // A message whose send failed is tried once per run: later passes leave it where it is.
  const gaveUp = new Set<string>();
  let failed = 0;
  let interrupted = false;
  let lastSend = 0;

  for (let pass = 0; !interrupted; pass += 1) {
    const held: Message[] = [];
    let progressed = false;
    try {
      for (;;) {
        if (options.signal?.aborted) {
          interrupted = true;
          break;
        }
        const batch = await receiveBatch(target.sqs, route.dlq, hold);
        if (batch.length === 0) break;
        // A group that failed in this batch keeps its later messages: sending them would overtake the failed one.
        const blockedGroups = new Set<string>();
        let unselectedInBatch = 0;
        for (const message of batch) {
          const parked = toParkedMessage(message);
          const blocked = gaveUp.has(parked.messageId) || (parked.entity !== undefined && blockedGroups.has(parked.entity));
          if (options.signal?.aborted || !selected(parked) || blocked) {
            held.push(message);
            if (options.signal?.aborted) interrupted = true;
            else if (!selected(parked)) {
              unselectedInBatch += 1;
              seenUnselected.add(parked.messageId);
            }
            continue;
          }
          found.add(parked.messageId);
          if (parked.eventId !== undefined) found.add(parked.eventId);
          if (options.dryRun === true) {
            held.push(message);
            items.push(item(parked, 'would-redrive'));
            continue;
          }
          if (options.rate !== undefined) {
            const wait = lastSend + 1000 / options.rate - Date.now();
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          }
          lastSend = Date.now();
          try {
            await send(target, route, parked);
          } catch (error) {
            failed += 1;
            gaveUp.add(parked.messageId);
            held.push(message);
            if (parked.entity !== undefined) blockedGroups.add(parked.entity);
            items.push(item(parked, 'failed', (error as Error).message));
            options.onProgress?.({ done: items.length, total, redriven: items.length - failed, failed });
            continue;
          }
          // Only now is it safe to remove: the copy is on the destination queue.
          try {
            await target.sqs.send(new DeleteMessageCommand({ QueueUrl: route.dlq.url, ReceiptHandle: message.ReceiptHandle! }));
          } catch {
            // The copy was sent; a re-run finds this message again and its send is deduplicated (same dedup id).
          }
          progressed = true;
          items.push(item(parked, 'redriven'));
          options.onProgress?.({ done: items.length, total, redriven: items.length - failed, failed });
        }
        // A FIFO group whose whole batch of 10 was left behind cannot be read further while they are held.
        if (route.dlq.fifo && unselectedInBatch === batch.length && batch.length === 10) {
          for (const message of batch) if (message.Attributes?.MessageGroupId !== undefined) stuck.add(message.Attributes.MessageGroupId);
        }
        if (interrupted) break;
      }
    } finally {
      await releaseMessages(target.sqs, route.dlq, held);
    }
    // Dry runs read everything in one pass; a pass that sent something may have unlocked later messages of a group.
    if (options.dryRun === true || !progressed) break;
  }
  const after = await depth(target, route);
  const notFound = ids === undefined ? [] : [...ids].filter((id) => !found.has(id));
  return {
    consumer: route.consumer,
    queue: route.kind,
    from: route.dlq.name,
    to: route.destination.name,
    dryRun: options.dryRun === true,
    items,
    notSelected: seenUnselected.size,
    notFound,
    remaining: after.messages,
    inFlight: after.inFlight,
    stuckEntities: [...stuck],
    interrupted,
    problem: failed > 0 || notFound.length > 0 || interrupted || stuck.size > 0 || (options.dryRun !== true && after.inFlight > 0),
  };
}

async function send(target: OpsTarget, route: DlqRoute, parked: ParkedMessage): Promise<void> {
  const group = route.destination.fifo ? route.groupOf(parked) : undefined;
  if (route.destination.fifo && group === undefined) throw new Error('it has no message group to send it back in');
  await target.sqs.send(
    new SendMessageCommand({
      QueueUrl: route.destination.url,
      MessageBody: parked.body,
      ...(route.destination.fifo ? { MessageGroupId: group, MessageDeduplicationId: toSqsId(`redrive-${parked.messageId}`) } : {}),
    }),
  );
}

async function depth(target: OpsTarget, route: DlqRoute): Promise<{ messages: number; inFlight: number }> {
  const out = await target.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: route.dlq.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  const visible = Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
  const inFlight = Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  return { messages: visible + inFlight, inFlight };
}

function item(parked: ParkedMessage, status: RedriveItem['status'], error?: string): RedriveItem {
  return { messageId: parked.messageId, eventId: parked.eventId, entity: parked.entity, detailType: parked.detailType, status, ...(error === undefined ? {} : { error }) };
}
