import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';

/** Outcome of one message. */
export type RecordOutcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

/** Options of `processFifoBatch`. */
export interface ProcessFifoBatchOptions {
  /** How many message groups run at the same time. @default 8 */
  readonly concurrency?: number;
  /** Called for a message skipped because an earlier one of its group failed. */
  readonly onSkipped?: (record: SQSRecord, failed: SQSRecord) => void;
}

/** Splits records by `MessageGroupId`, keeping arrival order; records without one (standard queues) are groups of one. */
export function groupRecords(records: readonly SQSRecord[]): SQSRecord[][] {
  const groups = new Map<string, SQSRecord[]>();
  const singles: SQSRecord[][] = [];
  for (const record of records) {
    const groupId = record.attributes?.MessageGroupId;
    if (groupId === undefined) {
      singles.push([record]);
      continue;
    }
    const group = groups.get(groupId);
    if (group === undefined) groups.set(groupId, [record]);
    else group.push(record);
  }
  return [...groups.values(), ...singles];
}

/**
 * Runs `processRecord` over an SQS FIFO batch: one group's messages one after another in order,
 * up to `concurrency` groups at once. At a group's first failure, that message and every later
 * message of the group are reported in `batchItemFailures` (Lambda's exact shape); other groups go on.
 * `processRecord` must not throw; it returns the outcome.
 */
export async function processFifoBatch(
  records: readonly SQSRecord[],
  processRecord: (record: SQSRecord) => Promise<RecordOutcome>,
  options: ProcessFifoBatchOptions = {},
): Promise<SQSBatchResponse> {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const groups = groupRecords(records);
  const failed = new Set<string>();
  let next = 0;
  const worker = async () => {
    for (let group = groups[next++]; group !== undefined; group = groups[next++]) {
      for (let position = 0; position < group.length; position += 1) {
        const record = group[position]!;
        let outcome: RecordOutcome;
        try {
          outcome = await processRecord(record);
        } catch (error) {
          outcome = { ok: false, error };
        }
        if (outcome.ok) continue;
        for (const later of group.slice(position)) {
          failed.add(later.messageId);
          if (later !== record) options.onSkipped?.(later, record);
        }
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, groups.length) }, worker));
  // Report in arrival order: easier to read in logs, and Lambda does not care.
  return { batchItemFailures: records.filter((r) => failed.has(r.messageId)).map((r) => ({ itemIdentifier: r.messageId })) };
}
