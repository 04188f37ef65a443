/** Name of the router when none is given (context `routerName`). */
export const DEFAULT_ROUTER_NAME = 'event-router';

/** Physical names derived from one router name, so several routers can live side by side in an account. */
export interface RouterNames {
  /** The router name itself. */
  readonly routerName: string;
  /** EventBridge bus; consumer stacks find it by this name. */
  readonly bus: string;
  /** Archive of every event on the bus (EventBridge caps archive names at 48 characters). */
  readonly archive: string;
  /** EventBridge schema registry. */
  readonly schemaRegistry: string;
  /** SNS topic every alarm of the router and its consumers notifies; consumer stacks find it by this name. */
  readonly alarmTopic: string;
}

/** The names of every shared resource of the router called `routerName`. */
export function routerNames(routerName: string = DEFAULT_ROUTER_NAME): RouterNames {
  return {
    routerName,
    bus: routerName,
    archive: `${routerName}-archive`.slice(0, 48),
    schemaRegistry: `${routerName}-schemas`,
    alarmTopic: `${routerName}-alarms`,
  };
}
