import { DEFAULT_ARCHIVE_RETENTION } from '../../lib/index';
import type { ConsumerPlan, PlannedFile } from './plan';

/** The replay that backfills the new consumer from the bus archive (the `replay` command's real flags). */
export function replayCommand(consumer: string): string {
  return `npx event-router replay ${consumer} --from -${DEFAULT_ARCHIVE_RETENTION.toDays()}d --to now`;
}

/** One line per file: what happens to it. */
export function renderSummary(plan: ConsumerPlan): string {
  const width = Math.max(...plan.files.map((f) => f.action.length));
  return plan.files
    .map((f) => `  ${f.action.padEnd(width)}  ${f.path}${f.action === 'kept' ? '  (your edits; not overwritten)' : ''}`)
    .join('\n');
}

/** `--dry-run`: each file that would be written, in full when new, as the changed lines when updated. */
export function renderDryRun(plan: ConsumerPlan): string {
  const parts = plan.files
    .filter((f) => f.action === 'create' || f.action === 'update')
    .map((f) => `--- ${f.action} ${f.path}\n${f.action === 'create' ? f.content : changedLines(f)}`);
  return parts.join('\n');
}

/** What the consumer needs next, after the files are written. */
export function renderNextSteps(plan: ConsumerPlan): string {
  const lines: string[] = [];
  if (plan.listCreated) {
    lines.push(
      'consumers/index.ts is new: build one ConsumerStack per entry in your CDK app, e.g.',
      "  for (const consumer of consumers) new ConsumerStack(app, `${consumer.name}-consumer`, { consumer });",
    );
  }
  lines.push(
    `To backfill ${plan.spec.name} with the events the bus archive already holds, once it is deployed:`,
    `  ${replayCommand(plan.spec.name)}`,
    '  (against `npm start`, add --endpoint <the EventBridge URL it prints>; --dry-run shows the request first)',
  );
  return lines.join('\n');
}

/** The lines an update adds (`+`) or removes (`-`), with their line numbers in the new file (a longest-common-subsequence diff). */
function changedLines(file: PlannedFile): string {
  const before = (file.previous ?? '').split('\n');
  const after = file.content.split('\n');
  // lcs[i][j]: length of the longest common subsequence of before[i..] and after[j..].
  const lcs = before.map(() => new Array<number>(after.length + 1).fill(0));
  lcs.push(new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      i++;
      j++;
    } else if (j < after.length && (i >= before.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      lines.push(`+ ${String(j + 1).padStart(4)} ${after[j]}`);
      j++;
    } else {
      lines.push(`- ${String(j + 1).padStart(4)} ${before[i]}`);
      i++;
    }
  }
  return `${lines.join('\n')}\n`;
}
