import { connectAws } from './connect-aws';
import { connectLocal } from './connect-local';
import type { OpsTarget } from './types';

/** Where a command works: `--endpoint` (the local runtime) or AWS (`--router`, `--region`). */
export interface ConnectOptions {
  /** The local runtime's EventBridge URL (`npm start` prints it). @default - AWS */
  readonly endpoint?: string;
  /** The router's name on AWS. @default 'event-router' */
  readonly routerName?: string;
  readonly region?: string;
}

/** Connects to the local runtime when `endpoint` is given, else to the deployed stacks on AWS. */
export function connect(options: ConnectOptions): Promise<OpsTarget> {
  if (options.endpoint !== undefined) return connectLocal(options.endpoint);
  return connectAws({ routerName: options.routerName, region: options.region });
}
