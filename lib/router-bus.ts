import { Duration } from 'aws-cdk-lib';
import { Archive, EventBus, Match } from 'aws-cdk-lib/aws-events';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { AccountPrincipal, AnyPrincipal, Grant, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { InvalidPropError, InvalidPublisherPolicyError } from './errors';

/** Props of {@link RouterBus}. */
export interface RouterBusProps {
  /**
   * Name of the bus. Consumer stacks find the bus by this name, so it is part of the
   * contract between stacks; `default` is refused (that bus cannot be archived per app).
   */
  readonly eventBusName: string;
  /**
   * Name of the archive (EventBridge allows 48 characters).
   * @default `<eventBusName>-archive`, cut to 48 characters
   */
  readonly archiveName?: string;
  /**
   * How long the archive keeps events, so a new or repaired consumer can be backfilled
   * by replay. `Duration.days(0)` keeps them forever.
   * @default Duration.days(30)
   */
  readonly archiveRetention?: Duration;
  /**
   * Other accounts (or an AWS Organization) admitted to PutEvents on this bus, each held
   * to the event sources it owns: the bus policy refuses a call carrying any other source.
   * @default - no other account or organization may publish
   */
  readonly publishers?: BusPublisher[];
}

/**
 * A publisher from outside the bus's account and the sources it may publish. Give exactly
 * one of `account` and `organizationId`.
 */
export interface BusPublisher {
  /**
   * AWS account id (12 digits) of the publishing account.
   * @default - none; give organizationId instead
   */
  readonly account?: string;
  /**
   * AWS Organizations id (`o-...`): every member account may publish these sources.
   * @default - none; give account instead
   */
  readonly organizationId?: string;
  /** Exact `source` values this publisher may put on the bus (e.g. `['orders-service']`). */
  readonly sources: string[];
}

/** Options of {@link RouterBus.grantPublish}. */
export interface GrantPublishOptions {
  /** Exact `source` values the grantee may publish; a PutEvents call with any other source is refused. */
  readonly sources: string[];
}

const BUS_NAME = /^[A-Za-z0-9._-]{1,256}$/;
const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
// EventBridge's own limit on Source; `aws.` sources are AWS services', which PutEvents refuses.
const SOURCE = /^[^*?\s]{1,256}$/;

/**
 * The condition that holds a PutEvents call to `sources`. PutEvents carries one
 * `events:source` value per entry, so every value must be in the list
 * (`ForAllValues:StringEquals`), and the key must be present (`Null: false`), since
 * `ForAllValues` alone is also true for a request without the key.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-example-policy-cross-account-custom-bus-source.html
 */
export function sourceCondition(sources: readonly string[]): Record<string, Record<string, unknown>> {
  return {
    'ForAllValues:StringEquals': { 'events:source': [...sources] },
    Null: { 'events:source': 'false' },
  };
}

/**
 * Lets `grantee` (a principal of the bus's account) PutEvents on `bus` for `sources` only.
 * One way to grant publishing, used by {@link RouterBus.grantPublish} and by constructs that
 * only hold an imported bus (the outbox).
 */
export function grantPublishTo(bus: IEventBus, grantee: IGrantable, sources: readonly string[], path: string): Grant {
  validateSources(path, 'sources', sources);
  return Grant.addToPrincipal({
    grantee,
    actions: ['events:PutEvents'],
    resourceArns: [bus.eventBusArn],
    conditions: sourceCondition(sources),
  });
}

/**
 * The router's named EventBridge bus with an archive of every event and a resource
 * policy admitting exactly the listed publisher accounts or organization — never
 * anyone else.
 */
export class RouterBus extends Construct {
  /** The bus. */
  public readonly eventBus: EventBus;
  /** Archive of every event on the bus, for replay. */
  public readonly archive: Archive;

  constructor(scope: Construct, id: string, props: RouterBusProps) {
    super(scope, id);
    validate(this.node.path, props);

    this.eventBus = new EventBus(this, 'Bus', {
      eventBusName: props.eventBusName,
      description: 'event-router: producers publish facts here; each consumer has its own rule',
    });
    const retention = props.archiveRetention ?? Duration.days(30);
    this.archive = this.eventBus.archive('Archive', {
      archiveName: props.archiveName ?? `${props.eventBusName}-archive`.slice(0, 48),
      description: `Every event on ${props.eventBusName}, kept ${retention.toDays()} days for replay`,
      // Matches every event: an archive needs a pattern and every event has a source.
      eventPattern: { source: Match.prefix('') },
      retention,
    });

    for (const publisher of props.publishers ?? []) {
      if (publisher.account !== undefined) {
        this.eventBus.addToResourcePolicy(
          new PolicyStatement({
            sid: `PublishFromAccount${publisher.account}`,
            principals: [new AccountPrincipal(publisher.account)],
            actions: ['events:PutEvents'],
            resources: [this.eventBus.eventBusArn],
            conditions: sourceCondition(publisher.sources),
          }),
        );
      } else {
        this.eventBus.addToResourcePolicy(
          new PolicyStatement({
            sid: `PublishFromOrganization${publisher.organizationId!.replace(/[^A-Za-z0-9]/g, '')}`,
            principals: [new AnyPrincipal()],
            actions: ['events:PutEvents'],
            resources: [this.eventBus.eventBusArn],
            // The org condition is what keeps this closed: only principals of this organization.
            conditions: {
              ...sourceCondition(publisher.sources),
              StringEquals: { 'aws:PrincipalOrgID': publisher.organizationId },
            },
          }),
        );
      }
    }
  }

  /** Name of the bus. */
  public get eventBusName(): string {
    return this.eventBus.eventBusName;
  }

  /** Lets `grantee` (in this account) publish events with the given sources to this bus, and nothing else. */
  public grantPublish(grantee: IGrantable, options: GrantPublishOptions): Grant {
    return grantPublishTo(this.eventBus, grantee, options.sources, this.node.path);
  }
}

function validate(path: string, props: RouterBusProps): void {
  if (!BUS_NAME.test(props.eventBusName) || props.eventBusName === 'default') {
    throw new InvalidPropError(
      path,
      'eventBusName',
      props.eventBusName,
      'use 1-256 letters, digits, ".", "_" or "-", and not "default"',
    );
  }
  const retentionDays = props.archiveRetention?.toDays() ?? 30;
  if (!Number.isInteger(retentionDays) || retentionDays < 0) {
    throw new InvalidPropError(path, 'archiveRetention', retentionDays, 'give a whole number of days, 0 = forever');
  }
  const accounts = new Set<string>();
  const organizations = new Set<string>();
  (props.publishers ?? []).forEach((publisher, index) => {
    const at = `publishers[${index}]`;
    if ((publisher.account === undefined) === (publisher.organizationId === undefined)) {
      throw new InvalidPublisherPolicyError(path, `${at}: give exactly one of account and organizationId`);
    }
    if (publisher.account !== undefined) {
      if (!ACCOUNT_ID.test(publisher.account)) {
        throw new InvalidPublisherPolicyError(
          path,
          `${at}.account: ${JSON.stringify(publisher.account)} is not a 12-digit AWS account id; ` +
            'list the exact accounts that publish (wildcards and "*" are never allowed)',
        );
      }
      if (accounts.has(publisher.account)) {
        throw new InvalidPublisherPolicyError(path, `${at}.account: ${publisher.account} is listed twice; list each account once with all its sources`);
      }
      accounts.add(publisher.account);
    } else {
      const org = publisher.organizationId!;
      if (!ORGANIZATION_ID.test(org)) {
        throw new InvalidPublisherPolicyError(
          path,
          `${at}.organizationId: ${JSON.stringify(org)} is not an AWS Organizations id (o- followed by 10-32 ` +
            'lowercase letters or digits); the bus is never opened to everyone',
        );
      }
      if (organizations.has(org)) {
        throw new InvalidPublisherPolicyError(path, `${at}.organizationId: ${org} is listed twice; list it once with all its sources`);
      }
      organizations.add(org);
    }
    validateSources(path, `${at}.sources`, publisher.sources);
  });
}

function validateSources(path: string, prop: string, sources: readonly string[] | undefined): void {
  if (!Array.isArray(sources) || sources.length === 0) {
    throw new InvalidPublisherPolicyError(path, `${prop}: list the event sources this publisher may publish (e.g. ["orders-service"]); a publisher without sources could forge any`);
  }
  for (const source of sources) {
    if (typeof source !== 'string' || !SOURCE.test(source) || source.startsWith('aws.')) {
      throw new InvalidPublisherPolicyError(
        path,
        `${prop}: ${JSON.stringify(source)} is not a source a publisher can own; give the exact source (1-256 characters, ` +
          'no spaces or wildcards "*"/"?", not "aws." which AWS services use)',
      );
    }
  }
  if (new Set(sources).size !== sources.length) {
    throw new InvalidPublisherPolicyError(path, `${prop} lists a source twice; list each once`);
  }
}
