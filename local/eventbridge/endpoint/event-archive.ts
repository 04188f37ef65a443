import { busNameFrom, type AccountContext, type EventsResource, type RuleDefinition } from './bus-model';
import { UnsupportedTemplateError } from './errors';
import type { EventEngine } from './event-engine';
import type { DeliveredEvent } from './target-delivery';

/** One archived event and when the archive took it (the time `StartReplay` windows select on). */
export interface ArchivedEvent {
  readonly event: DeliveredEvent;
  readonly archivedAt: number;
}

/** An `AWS::Events::Archive` of the templates: the events of its bus that matched its pattern, within retention. */
export class EventArchive {
  readonly name: string;
  readonly arn: string;
  readonly busName: string;
  readonly eventPattern: Record<string, unknown>;
  /** 0 keeps events forever, as in AWS. */
  readonly retentionDays: number;
  readonly description?: string;
  readonly createdAt = Date.now();
  private readonly stored: ArchivedEvent[] = [];
  private readonly matches: (event: DeliveredEvent) => boolean;

  constructor(resource: EventsResource, account: AccountContext, engine: EventEngine) {
    const props = resource.properties;
    const where = `${resource.stackName}/${resource.logicalId}`;
    const name = typeof props.ArchiveName === 'string' ? props.ArchiveName : (resource.physicalId ?? `${resource.stackName}-${resource.logicalId}`);
    if (typeof props.SourceArn !== 'string') {
      throw new UnsupportedTemplateError(`${where}: AWS::Events::Archive needs a resolved SourceArn (the bus ARN); got ${JSON.stringify(props.SourceArn)}.`);
    }
    let pattern = props.EventPattern ?? {};
    if (typeof pattern === 'string') pattern = JSON.parse(pattern) as Record<string, unknown>;
    this.name = name;
    this.arn = `arn:aws:events:${account.region}:${account.accountId}:archive/${name}`;
    this.busName = busNameFrom(props.SourceArn);
    this.eventPattern = pattern as Record<string, unknown>;
    this.retentionDays = Number(props.RetentionDays ?? 0);
    this.description = typeof props.Description === 'string' ? props.Description : undefined;
    // An archive without EventPattern keeps every event of its bus (AWS::Events::Archive); a rule
    // pattern must not be empty, so it is not compiled as one.
    if (props.EventPattern === undefined || Object.keys(this.eventPattern).length === 0) {
      this.matches = () => true;
      return;
    }
    // The archive's pattern is matched by the same engine as rules: a rule without targets.
    const rule: RuleDefinition = { name, arn: this.arn, busName: this.busName, eventPattern: this.eventPattern, enabled: true, targets: [], origin: where };
    const match = engine.compileRules([rule]);
    this.matches = (event) => match(event).length > 0;
  }

  /**
   * Archives `event` when it matches the pattern. Replayed events (with `replay-name`) are never archived again:
   * AWS's archive rule excludes them, or every replay would grow the archive.
   */
  offer(event: DeliveredEvent, now = Date.now()): boolean {
    if ('replay-name' in event) return false;
    if (!this.matches(event)) return false;
    this.stored.push({ event, archivedAt: now });
    return true;
  }

  /** Events archived in [from, to] (ms, inclusive), oldest first, dropping those past retention. */
  between(from: number, to: number, now = Date.now()): ArchivedEvent[] {
    this.expire(now);
    return this.stored.filter((entry) => entry.archivedAt >= from && entry.archivedAt <= to);
  }

  /** Events kept now. */
  get eventCount(): number {
    this.expire(Date.now());
    return this.stored.length;
  }

  /** Bytes of the kept events' JSON. */
  get sizeBytes(): number {
    return this.stored.reduce((sum, entry) => sum + Buffer.byteLength(JSON.stringify(entry.event)), 0);
  }

  /** `DescribeArchive`'s answer. */
  describe(): Record<string, unknown> {
    return {
      ArchiveName: this.name,
      ArchiveArn: this.arn,
      EventSourceArn: `arn:aws:events:${this.arn.split(':')[3]}:${this.arn.split(':')[4]}:event-bus/${this.busName}`,
      Description: this.description,
      EventPattern: JSON.stringify(this.eventPattern),
      State: 'ENABLED',
      RetentionDays: this.retentionDays,
      SizeBytes: this.sizeBytes,
      EventCount: this.eventCount,
      CreationTime: this.createdAt / 1000,
    };
  }

  private expire(now: number): void {
    if (this.retentionDays <= 0) return;
    const oldest = now - this.retentionDays * 86_400_000;
    while (this.stored.length > 0 && this.stored[0]!.archivedAt < oldest) this.stored.shift();
  }
}

/** Every `AWS::Events::Archive` of the templates. */
export function archivesFromResources(resources: readonly EventsResource[], account: AccountContext, engine: EventEngine): EventArchive[] {
  return resources.filter((resource) => resource.type === 'AWS::Events::Archive').map((resource) => new EventArchive(resource, account, engine));
}
