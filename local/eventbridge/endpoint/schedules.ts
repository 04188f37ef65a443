import { randomUUID } from 'node:crypto';
import type { AccountContext, BusDefinition } from './bus-model';
import type { TargetDelivery } from './target-delivery';

/** Options of {@link startSchedules}. */
export interface ScheduleOptions {
  /** Multiplies every rule's period; tests and demos shorten schedules with it. @default 1 */
  readonly periodScale?: number;
}

/**
 * Runs the scheduled rules of the buses: each period, every enabled scheduled rule's targets get the
 * Scheduled Event AWS sends (`source` aws.events, `resources` [rule ARN]) through the normal delivery
 * (retries, DLQ). Returns the function that stops the timers.
 */
export function startSchedules(buses: Iterable<BusDefinition>, delivery: TargetDelivery, account: AccountContext, options: ScheduleOptions = {}): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const bus of buses) {
    for (const rule of bus.rules) {
      if (rule.schedule === undefined || !rule.enabled) continue;
      const timer = setInterval(() => {
        delivery.dispatch(rule, {
          version: '0',
          id: randomUUID(),
          'detail-type': 'Scheduled Event',
          source: 'aws.events',
          account: account.accountId,
          time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          region: account.region,
          resources: [rule.arn],
          detail: {},
        });
      }, rule.schedule.periodMs * (options.periodScale ?? 1));
      // A schedule never keeps the process alive on its own.
      timer.unref();
      timers.push(timer);
    }
  }
  return () => {
    for (const timer of timers.splice(0)) clearInterval(timer);
  };
}
