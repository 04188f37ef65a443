import type { SQSClient } from '@aws-sdk/client-sqs';
import { busesFromResources, type AccountContext, type EventsResource } from './bus-model';
import type { EventEngine } from './event-engine';
import { archivesFromResources } from './event-archive';
import { LocalEventBridge, type RoutingListener } from './local-event-bridge';
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
}

/** A local EventBridge over the templates' buses and rules, plus the delivery it drains on stop. */
export interface EventBridgeRuntime {
  readonly bridge: LocalEventBridge;
  readonly delivery: TargetDelivery;
}

/** Builds the local EventBridge from the resolved templates: buses, rules, targets, retry policies and DLQs. */
export function createEventBridge(options: CreateEventBridgeOptions): EventBridgeRuntime {
  const delivery = new TargetDelivery({
    sqs: options.sqs,
    render: (target, event) => options.engine.renderTarget(target, event),
    invokeFunction: options.invokeFunction,
    backoffScale: options.backoffScale,
    onDropped:
      options.onDropped ??
      ((failure) =>
        process.stderr.write(
          `event-router: dropped event ${failure.event.id} for target ${failure.target.arn} of rule ${failure.rule.name} ` +
            `(${failure.errorCode}: ${failure.errorMessage}); give the target a DeadLetterConfig to keep such events.\n`,
        )),
  });
  const bridge = new LocalEventBridge({
    buses: busesFromResources(options.resources, options.account),
    engine: options.engine,
    delivery,
    listener: options.listener,
    archives: archivesFromResources(options.resources, options.account, options.engine),
    account: options.account,
  });
  return { bridge, delivery };
}
