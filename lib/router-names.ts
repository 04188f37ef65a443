import { InvalidPropError } from './errors';

/** Name of the router when none is given (context `routerName`). */
export const DEFAULT_ROUTER_NAME = 'event-router';

/** Name of the default router's bus; consumer stacks look a bus up by its name. */
export const DEFAULT_BUS_NAME = DEFAULT_ROUTER_NAME;

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

// Every derived name must be valid where it is used: stack names and SNS topics take letters,
// digits and "-" only, and a stack name starts with a letter. 40 characters leave room for
// the suffixes (`-alarms`, `-schemas`, dashboard names).
const ROUTER_NAME = /^[A-Za-z][A-Za-z0-9-]{0,39}$/;

/** `routerName` when it can name every resource derived from it; an InvalidPropError saying what to use otherwise. */
export function validRouterName(path: string, routerName: string): string {
  if (!ROUTER_NAME.test(routerName)) {
    throw new InvalidPropError(
      path,
      'routerName',
      routerName,
      'start with a letter and use at most 40 letters, digits or "-" (it names the bus, archive, schema registry, alarm topic and stacks)',
    );
  }
  return routerName;
}
