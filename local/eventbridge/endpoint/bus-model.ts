import { UnsupportedTemplateError } from './errors';

/** One `AWS::Events::EventBus` or `AWS::Events::Rule` from a synthesized template, intrinsics already resolved. */
export interface EventsResource {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
  /** The physical name the local runtime gave the resource (`Ref`), when it assigned one. */
  readonly physicalId?: string;
  /** `Fn::GetAtt` values the local runtime assigned (`Arn`, ...). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** How EventBridge retries a target, from the target's `RetryPolicy` (AWS defaults when absent). */
export interface RetryPolicy {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
}

/** A rule target as the template declares it. */
export interface TargetDefinition {
  readonly id: string;
  readonly arn: string;
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: { readonly inputPathsMap?: Record<string, string>; readonly inputTemplate: string };
  /** `SqsParameters.MessageGroupId`: static, as EventBridge only accepts a static group for FIFO targets. */
  readonly messageGroupId?: string;
  readonly retryPolicy: RetryPolicy;
  /** ARN of the standard queue that receives events the target could not take. */
  readonly deadLetterArn?: string;
  /** The rule it belongs to (for `<aws.events.rule-arn>` and `<aws.events.rule-name>`). */
  readonly ruleArn?: string;
  readonly ruleName?: string;
  /** The target as the template declares it (ListTargetsByRule returns it). */
  readonly raw: Record<string, unknown>;
}

/** A rule on a bus. */
export interface RuleDefinition {
  readonly name: string;
  readonly arn: string;
  readonly busName: string;
  readonly description?: string;
  readonly eventPattern: Record<string, unknown>;
  readonly enabled: boolean;
  readonly targets: readonly TargetDefinition[];
  /** `<stack>/<logicalId>` so messages point at the template. */
  readonly origin: string;
  /** A scheduled rule's `ScheduleExpression` (`rate(...)` only) and its period; its targets get a Scheduled Event each period. */
  readonly schedule?: { readonly expression: string; readonly periodMs: number };
}

/** A bus and its rules. */
export interface BusDefinition {
  readonly name: string;
  readonly arn: string;
  readonly rules: RuleDefinition[];
}

/** Where the local runtime pretends to be. */
export interface AccountContext {
  readonly region: string;
  readonly accountId: string;
}

/** EventBridge's documented defaults: 185 retries over 24 hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 };

/** The bus every account has, even when no template declares it. */
export const DEFAULT_BUS_NAME = 'default';

/** Builds the buses and rules the templates declare; throws on a rule or target it cannot honour. */
export function busesFromResources(resources: readonly EventsResource[], account: AccountContext): Map<string, BusDefinition> {
  const buses = new Map<string, BusDefinition>();
  const addBus = (name: string) => {
    if (!buses.has(name)) buses.set(name, { name, arn: busArn(name, account), rules: [] });
    return buses.get(name)!;
  };
  addBus(DEFAULT_BUS_NAME);
  for (const resource of resources) {
    if (resource.type !== 'AWS::Events::EventBus') continue;
    const name = resource.properties.Name;
    if (typeof name !== 'string') {
      throw new UnsupportedTemplateError(`${origin(resource)}: AWS::Events::EventBus needs a string Name; got ${JSON.stringify(name)}.`);
    }
    addBus(name);
  }
  for (const resource of resources) {
    if (resource.type !== 'AWS::Events::Rule') continue;
    const rule = ruleFromResource(resource, account);
    // Consumer stacks find the bus by name, so a rule may name a bus another stack declares; AWS would
    // reject a missing one at deploy time, and so does this.
    const bus = buses.get(rule.busName);
    if (bus === undefined) {
      throw new UnsupportedTemplateError(
        `${rule.origin}: rule ${rule.name} is on event bus ${JSON.stringify(rule.busName)}, which no template declares. ` +
          'Synthesize the stack that creates the bus too.',
      );
    }
    bus.rules.push(rule);
  }
  return buses;
}

/** `arn:aws:events:<region>:<account>:event-bus/<name>`. */
export function busArn(name: string, account: AccountContext): string {
  return `arn:aws:events:${account.region}:${account.accountId}:event-bus/${name}`;
}

/** Accepts a bus name or ARN, as PutEvents' `EventBusName` does. */
export function busNameFrom(nameOrArn: string | undefined): string {
  if (nameOrArn === undefined || nameOrArn === '') return DEFAULT_BUS_NAME;
  const marker = ':event-bus/';
  const at = nameOrArn.indexOf(marker);
  return nameOrArn.startsWith('arn:') && at >= 0 ? nameOrArn.slice(at + marker.length) : nameOrArn;
}

function origin(resource: EventsResource): string {
  return `${resource.stackName}/${resource.logicalId}`;
}

function ruleFromResource(resource: EventsResource, account: AccountContext): RuleDefinition {
  const props = resource.properties;
  const where = origin(resource);
  const busName = busNameFrom(typeof props.EventBusName === 'string' ? props.EventBusName : undefined);
  // CloudFormation's Ref of a rule on a custom bus is `<bus>|<rule>`.
  const name =
    typeof props.Name === 'string' ? props.Name : (resource.physicalId?.split('|').at(-1) ?? `${resource.stackName}-${resource.logicalId}`);
  const arn =
    resource.attributes?.Arn ??
    (busName === DEFAULT_BUS_NAME
      ? `arn:aws:events:${account.region}:${account.accountId}:rule/${name}`
      : `arn:aws:events:${account.region}:${account.accountId}:rule/${busName}/${name}`);
  let schedule: RuleDefinition['schedule'];
  if (props.ScheduleExpression !== undefined && props.EventPattern === undefined) {
    schedule = { expression: String(props.ScheduleExpression), periodMs: ratePeriodMs(props.ScheduleExpression, where) };
  }
  // A Scheduled Event matches this pattern, as on AWS; a PutEvents entry cannot use the aws.events source.
  let eventPattern = schedule !== undefined ? { source: ['aws.events'], 'detail-type': ['Scheduled Event'], resources: [arn] } : props.EventPattern;
  if (typeof eventPattern === 'string') eventPattern = JSON.parse(eventPattern);
  if (eventPattern === null || typeof eventPattern !== 'object' || Array.isArray(eventPattern)) {
    throw new UnsupportedTemplateError(`${where}: rule ${name} has no EventPattern object; got ${JSON.stringify(props.EventPattern)}.`);
  }
  const targets = Array.isArray(props.Targets)
    ? props.Targets.map((t) => ({ ...targetFrom(t as Record<string, unknown>, where), ruleArn: arn, ruleName: name }))
    : [];
  return {
    name,
    arn,
    busName,
    description: typeof props.Description === 'string' ? props.Description : undefined,
    eventPattern: eventPattern as Record<string, unknown>,
    enabled: props.State === undefined || props.State === 'ENABLED',
    targets,
    origin: where,
    ...(schedule === undefined ? {} : { schedule }),
  };
}

const RATE_UNITS_MS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };

/** The period of `rate(N unit)`; cron expressions are refused with what to use instead. */
function ratePeriodMs(expression: unknown, where: string): number {
  const match = typeof expression === 'string' ? /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression) : null;
  if (match === null || Number(match[1]) < 1) {
    throw new UnsupportedTemplateError(
      `${where}: the local runtime runs rate(N minutes|hours|days) schedules only; got ${JSON.stringify(expression)}. Use Schedule.rate() for this rule.`,
    );
  }
  return Number(match[1]) * RATE_UNITS_MS[match[2]!]!;
}

function targetFrom(raw: Record<string, unknown>, where: string): TargetDefinition {
  const arn = raw.Arn;
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) {
    throw new UnsupportedTemplateError(`${where}: target ${String(raw.Id)} has no resolved Arn; got ${JSON.stringify(arn)}.`);
  }
  const service = arn.split(':')[2];
  if (service !== 'sqs' && service !== 'lambda') {
    throw new UnsupportedTemplateError(
      `${where}: target ${String(raw.Id)} is a ${service} target (${arn}); the local runtime delivers to SQS queues and Lambda functions only.`,
    );
  }
  const retry = (raw.RetryPolicy ?? {}) as Record<string, unknown>;
  const transformer = raw.InputTransformer as Record<string, unknown> | undefined;
  const sqs = raw.SqsParameters as Record<string, unknown> | undefined;
  const dlq = raw.DeadLetterConfig as Record<string, unknown> | undefined;
  return {
    id: String(raw.Id),
    arn,
    input: typeof raw.Input === 'string' ? raw.Input : undefined,
    inputPath: typeof raw.InputPath === 'string' ? raw.InputPath : undefined,
    inputTransformer:
      transformer === undefined
        ? undefined
        : {
            inputPathsMap: transformer.InputPathsMap as Record<string, string> | undefined,
            inputTemplate: String(transformer.InputTemplate),
          },
    messageGroupId: typeof sqs?.MessageGroupId === 'string' ? sqs.MessageGroupId : undefined,
    retryPolicy: {
      maximumRetryAttempts: toNumber(retry.MaximumRetryAttempts, DEFAULT_RETRY_POLICY.maximumRetryAttempts),
      maximumEventAgeSeconds: toNumber(retry.MaximumEventAgeInSeconds, DEFAULT_RETRY_POLICY.maximumEventAgeSeconds),
    },
    deadLetterArn: typeof dlq?.Arn === 'string' ? dlq.Arn : undefined,
    raw,
  };
}

function toNumber(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
}
