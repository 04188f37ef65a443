import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConsumerPlan } from './plan';

/**
 * Writes the plan's `create` and `update` files. The consumer list goes last, so a run stopped half
 * way never lists a consumer whose files are missing; running the command again completes it.
 */
export function writePlan(plan: ConsumerPlan): string[] {
  const written: string[] = [];
  const toWrite = plan.files.filter((f) => f.action === 'create' || f.action === 'update');
  const ordered = [...toWrite.filter((f) => f.path !== 'consumers/index.ts'), ...toWrite.filter((f) => f.path === 'consumers/index.ts')];
  for (const file of ordered) {
    const target = join(plan.app.root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    written.push(file.path);
  }
  return written;
}
