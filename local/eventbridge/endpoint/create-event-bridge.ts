import type { SQSClient } from '@aws-sdk/client-sqs';
import type { FaultInjector } from '../../faults';
import { busesFromResources, type AccountContext, type EventsResource } from './bus-model';
import type { EventEngine } from './event-engine';
import { archivesFromResources } from './event-archive';
import { LocalEventBridge, type RoutingListener } from './local-event-bridge';
import { publishStatementsFrom } from './publish-policy';
import { startSchedules } from './schedules';
import { TargetDelivery, type DeliveryFailure } from './target-delivery';

export interface CreateEventBridgeOptions {
  /** Every resource of the synthesized templates, intrinsics resolved; buses and rules are picked out. */
  readonly resources: readonly EventsResource[];
  readonly account: AccountContext;
  /** A client pointed at the local SQS endpoint, used to deliver to queue targets and DLQs. */
  readonly sqs: SQSClient;
  readonly engine: EventEngine;
  readonly invokeFunction?: (functionArn: string, payload: string) => Promise<void>;
  readonly listener?: RoutingListener;
  /** Called for an event that failed delivery and had no DLQ; defaults to a line on stderr. */
  readonly onDropped?: (failure: DeliveryFailure) => void;
  /** Scales the retry backoff; tests set it low. @default 1 */
  readonly backoffScale?: number;
  /** AWS's failures to reproduce in PutEvents and target delivery (`--faults`). @default - none */
  readonly faults?: FaultInjector;
  /** Scales scheduled rules' periods; tests set it low. @default 1 */
  readonly schedulePeriodScale?: number;
}

/** The default report of an event no queue took: a line on stderr naming the event, the target and why. */
export function reportDroppedEvent(failure: DeliveryFailure): void {
  process.stderr.write(
    `event-router: dropped event ${failure.event.id} for target ${failure.target.arn} of rule ${failure.rule.name} ` +
      `(${failure.errorCode}: ${failure.errorMessage}); give the target a DeadLetterConfig that can take it to keep such events.\n`,
  );
}

/** A local EventBridge over the templates' buses and rules, plus the delivery it drains on stop. */
export interface EventBridgeRuntime {
  readonly bridge: LocalEventBridge;
  readonly delivery: TargetDelivery;
  /** Stops the scheduled rules' timers. */
  readonly stopSchedules: () => void;
}

/** Builds the local EventBridge from the resolved templates: buses, rules, targets, retry policies and DLQs. */
export function createEventBridge(options: CreateEventBridgeOptions): EventBridgeRuntime {
  const delivery = new TargetDelivery({
    sqs: options.sqs,
    render: (target, event) => options.engine.renderTarget(target, event),
    invokeFunction: options.invokeFunction,
    backoffScale: options.backoffScale,
    faults: options.faults,
    onDropped: options.onDropped ?? reportDroppedEvent,
  });
  const buses = busesFromResources(options.resources, options.account);
  const bridge = new LocalEventBridge({
    buses,
    engine: options.engine,
    delivery,
    listener: options.listener,
    faults: options.faults,
    account: options.account,
    publishStatements: publishStatementsFrom(options.resources),
    archives: archivesFromResources(options.resources, options.account, options.engine),
  });
  const stopSchedules = startSchedules(buses.values(), delivery, options.account, { periodScale: options.schedulePeriodScale });
  return { bridge, delivery, stopSchedules };
}
