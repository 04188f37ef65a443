import type { FaultInjector } from '../../faults';
import { DEFAULT_BUS_NAME, busArn, busNameFrom, type AccountContext, type BusDefinition, type RuleDefinition } from './bus-model';
import { AccessDeniedError, EventBridgeServiceError, ResourceNotFoundError, UnknownOperationError, ValidationError } from './errors';
import { allowsPublish, callerFromAuthorization, type PublishStatement } from './publish-policy';
import { requireWireType } from '../wire-shapes';
import type { EventEngine } from './event-engine';
import type { EventArchive } from './event-archive';
import { ReplayManager } from './replays';
import type { DeliveredEvent, TargetDelivery } from './target-delivery';

/** Observes routing, for the status view and tests. */
export interface RoutingListener {
  /** An accepted event matched `rules` on `busName` (possibly none). */
  onRouted?(event: DeliveredEvent, busName: string, rules: readonly RuleDefinition[]): void;
  /** An accepted entry named a bus no template declares: AWS accepts it and drops it, so we warn. */
  onUnknownBus?(event: DeliveredEvent, busName: string): void;
}

export interface LocalEventBridgeOptions {
  readonly buses: Map<string, BusDefinition>;
  readonly engine: EventEngine;
  readonly delivery: TargetDelivery;
  readonly listener?: RoutingListener;
  /** Fails PutEvents entries and refuses calls during an outage (`--faults`). @default - none */
  readonly faults?: FaultInjector;
  /** The account the buses belong to (and where replays run); a caller from another account needs a bus policy that admits it. */
  readonly account?: AccountContext;
  /** The templates' archives: accepted events matching their pattern are kept for StartReplay. @default none */
  readonly archives?: readonly EventArchive[];
  /** `events:PutEvents` statements of each bus's policy, by bus name. @default none: only the local account publishes */
  readonly publishStatements?: ReadonlyMap<string, readonly PublishStatement[]>;
}

/** What the endpoint knows of a request besides its body. */
export interface RequestContext {
  /** The `Authorization` header (SigV4), whose access key id names the caller. */
  readonly authorization?: string;
}

type Input = Record<string, unknown>;

/** The EventBridge API over the buses and rules of the synthesized templates. */
export class LocalEventBridge {
  private readonly matchers = new Map<string, (event: DeliveredEvent) => RuleDefinition[]>();
  private readonly replays: ReplayManager;

  constructor(private readonly options: LocalEventBridgeOptions) {
    for (const bus of options.buses.values()) this.matchers.set(bus.name, options.engine.compileRules(bus.rules));
    this.replays = new ReplayManager({
      archives: options.archives ?? [],
      buses: options.buses,
      region: options.account?.region ?? 'us-east-1',
      accountId: options.account?.accountId ?? '000000000000',
      match: (busName, event) => this.matchers.get(busName)?.(event) ?? [],
      deliver: (event, busName, rules) => this.deliver(event, busName, rules),
    });
  }

  /** The archives of the templates. */
  get archives(): readonly EventArchive[] {
    return this.options.archives ?? [];
  }

  /** Every bus, default included. */
  get buses(): readonly BusDefinition[] {
    return [...this.options.buses.values()];
  }

  /** Runs one API operation by its name (the part of `X-Amz-Target` after `AWSEvents.`). */
  async handle(operation: string, input: Input, request: RequestContext = {}): Promise<unknown> {
    // A name sent as a number or object would otherwise read as "not given" and mean the default bus.
    for (const member of ['Name', 'EventBusName', 'NamePrefix', 'NextToken', 'Rule']) requireWireType(input[member], 'string', member);
    switch (operation) {
      case 'PutEvents':
        this.authorizePutEvents(input, request);
        return this.putEvents(input);
      case 'ListEventBuses':
        return this.listEventBuses(input);
      case 'DescribeEventBus':
        return this.describeEventBus(input);
      case 'ListRules':
        return this.listRules(input);
      case 'DescribeRule':
        return this.describeRule(input);
      case 'ListTargetsByRule':
        return this.listTargetsByRule(input);
      case 'StartReplay':
        return this.replays.start(input);
      case 'DescribeReplay':
        return this.replays.describe(input);
      case 'ListReplays':
        return this.replays.list(input);
      case 'CancelReplay':
        return this.replays.cancel(input);
      case 'DescribeArchive':
        return this.archive(input.ArchiveName).describe();
      case 'ListArchives':
        return this.listArchives(input);
      case 'TestEventPattern':
        return { Result: this.options.engine.testEventPattern(input) };
      default:
        throw new UnknownOperationError(operation);
    }
  }

  /** PutEvents: validates, answers per entry in order, and routes accepted events to matching rules' targets. */
  putEvents(input: Input): { FailedEntryCount: number; Entries: Record<string, string>[] } {
    const faults = this.options.faults;
    if (faults?.putEventsRefused()) {
      // A throttled call as a whole: HTTP 400 ThrottlingException, which the AWS SDK retries itself.
      throw new EventBridgeServiceError('ThrottlingException', 'Rate exceeded. (injected by --faults put-events-outage)');
    }
    const validated = this.options.engine.validatePutEvents(input);
    let failed = 0;
    const entries = validated.map((entry): Record<string, string> => {
      if (!entry.ok) {
        failed += 1;
        return { ErrorCode: entry.errorCode, ErrorMessage: entry.errorMessage };
      }
      if (faults?.hit('put-events-fail')) {
        // AWS's retryable per-entry failures: the entry is not accepted, and the producer must send it again.
        failed += 1;
        return faults.random('put-events-fail-code') < 0.5
          ? { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure. (injected by --faults put-events-fail)' }
          : { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded. (injected by --faults put-events-fail)' };
      }
      this.route(entry.event, entry.busName);
      return { EventId: entry.event.id };
    });
    return { FailedEntryCount: failed, Entries: entries };
  }

  /**
   * A caller from another account is refused (AccessDeniedException, nothing accepted) unless a
   * statement of each target bus's policy admits its account for every source it puts there, as
   * AWS evaluates `ForAllValues:StringEquals` on `events:source`. The local account publishes
   * freely: there is no IAM locally to hold it to its grants.
   */
  private authorizePutEvents(input: Input, request: RequestContext): void {
    const account = this.options.account;
    if (account === undefined) return;
    const caller = callerFromAuthorization(request.authorization, account.accountId);
    if (caller.accountId === account.accountId) return;
    const sourcesByBus = new Map<string, string[]>();
    for (const entry of Array.isArray(input.Entries) ? (input.Entries as Input[]) : []) {
      const bus = busNameFrom(typeof entry?.EventBusName === 'string' ? entry.EventBusName : undefined);
      const sources = sourcesByBus.get(bus) ?? [];
      if (typeof entry?.Source === 'string') sources.push(entry.Source);
      sourcesByBus.set(bus, sources);
    }
    for (const [bus, sources] of sourcesByBus) {
      if (!allowsPublish(this.options.publishStatements?.get(bus) ?? [], caller, sources)) {
        throw new AccessDeniedError(
          `User: arn:aws:iam::${caller.accountId}:root is not authorized to perform: events:PutEvents on resource: ` +
            `${busArn(bus, account)} with source ${[...new Set(sources)].map((s) => JSON.stringify(s)).join(', ')}: no statement of the ` +
            "bus policy admits this account for these sources. Add the account and its sources to the router's publishers, " +
            'or publish only the sources it owns. (Locally the caller account is the 12-digit access key id.)',
        );
      }
    }
  }

  private route(event: DeliveredEvent, busName: string): void {
    const match = this.matchers.get(busName);
    if (match === undefined) {
      this.options.listener?.onUnknownBus?.(event, busName);
      return;
    }
    for (const archive of this.archives) if (archive.busName === busName) archive.offer(event);
    this.deliver(event, busName, match(event));
  }

  private deliver(event: DeliveredEvent, busName: string, rules: readonly RuleDefinition[]): void {
    this.options.listener?.onRouted?.(event, busName, rules);
    for (const rule of rules) this.options.delivery.dispatch(rule, event);
  }

  private archive(name: unknown): EventArchive {
    const archive = this.archives.find((candidate) => candidate.name === name);
    if (archive === undefined) throw new ResourceNotFoundError(`Archive ${String(name)} does not exist.`);
    return archive;
  }

  private listArchives(input: Input) {
    const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
    const all = this.archives
      .filter((archive) => archive.name.startsWith(prefix))
      .filter((archive) => input.EventSourceArn === undefined || archive.describe().EventSourceArn === input.EventSourceArn)
      .map((archive) => {
        const { ArchiveName, EventSourceArn, State, RetentionDays, SizeBytes, EventCount, CreationTime } = archive.describe();
        return { ArchiveName, EventSourceArn, State, RetentionDays, SizeBytes, EventCount, CreationTime };
      });
    return page(all, input, 'Archives');
  }

  private bus(nameOrArn: unknown): BusDefinition {
    const name = busNameFrom(typeof nameOrArn === 'string' ? nameOrArn : undefined);
    const bus = this.options.buses.get(name);
    if (bus === undefined) throw new ResourceNotFoundError(`Event bus ${name} does not exist.`);
    return bus;
  }

  private listEventBuses(input: Input) {
    const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
    const all = this.buses.filter((bus) => bus.name.startsWith(prefix)).map((bus) => ({ Name: bus.name, Arn: bus.arn }));
    return page(all, input, 'EventBuses');
  }

  private describeEventBus(input: Input) {
    const bus = this.bus(input.Name);
    return { Name: bus.name, Arn: bus.arn };
  }

  private listRules(input: Input) {
    const bus = this.bus(input.EventBusName);
    const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
    const all = bus.rules.filter((rule) => rule.name.startsWith(prefix)).map((rule) => describe(rule));
    return page(all, input, 'Rules');
  }

  private rule(input: Input): RuleDefinition {
    const bus = this.bus(input.EventBusName);
    const name = input.Name ?? input.Rule;
    const rule = bus.rules.find((candidate) => candidate.name === name);
    if (rule === undefined) throw new ResourceNotFoundError(`Rule ${String(name)} does not exist on EventBus ${bus.name}.`);
    return rule;
  }

  private describeRule(input: Input) {
    return describe(this.rule(input));
  }

  private listTargetsByRule(input: Input) {
    return page(
      this.rule(input).targets.map((target) => target.raw),
      input,
      'Targets',
    );
  }
}

function describe(rule: RuleDefinition) {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventPattern: JSON.stringify(rule.eventPattern),
    State: rule.enabled ? 'ENABLED' : 'DISABLED',
    Description: rule.description,
    EventBusName: rule.busName === DEFAULT_BUS_NAME ? 'default' : rule.busName,
  };
}

/** `Limit` / `NextToken` paging; the token is the offset, which is all a static rule set needs. */
function page<T>(all: T[], input: Input, key: string): Record<string, unknown> {
  const start = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
  if (!Number.isInteger(start) || start < 0) throw new ValidationError(`NextToken ${JSON.stringify(input.NextToken)} is not valid.`);
  const limit = typeof input.Limit === 'number' ? input.Limit : 100;
  const items = all.slice(start, start + limit);
  const next = start + limit < all.length ? String(start + limit) : undefined;
  return next === undefined ? { [key]: items } : { [key]: items, NextToken: next };
}
