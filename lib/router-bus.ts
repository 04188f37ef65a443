import { Duration } from 'aws-cdk-lib';
import { Archive, EventBus, Match } from 'aws-cdk-lib/aws-events';
import { AccountPrincipal, AnyPrincipal, PolicyStatement, type Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
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
   * How long the archive keeps events, so a new or repaired consumer can be backfilled
   * by replay. `Duration.days(0)` keeps them forever.
   * @default Duration.days(30)
   */
  readonly archiveRetention?: Duration;
  /**
   * AWS account ids (12 digits) of other accounts allowed to PutEvents on this bus.
   * @default - no other account
   */
  readonly publisherAccountIds?: string[];
  /**
   * AWS Organizations id (`o-...`) whose member accounts may PutEvents on this bus.
   * @default - no organization
   */
  readonly publisherOrganizationId?: string;
}

const BUS_NAME = /^[A-Za-z0-9._-]{1,256}$/;
const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

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
      archiveName: `${props.eventBusName}-archive`.slice(0, 48),
      description: `Every event on ${props.eventBusName}, kept ${retention.toDays()} days for replay`,
      // Matches every event: an archive needs a pattern and every event has a source.
      eventPattern: { source: Match.prefix('') },
      retention,
    });

    const accounts = props.publisherAccountIds ?? [];
    if (accounts.length > 0) {
      this.eventBus.addToResourcePolicy(
        new PolicyStatement({
          sid: 'PublishFromListedAccounts',
          principals: accounts.map((account) => new AccountPrincipal(account)),
          actions: ['events:PutEvents'],
          resources: [this.eventBus.eventBusArn],
        }),
      );
    }
    if (props.publisherOrganizationId !== undefined) {
      this.eventBus.addToResourcePolicy(
        new PolicyStatement({
          sid: 'PublishFromOrganization',
          principals: [new AnyPrincipal()],
          actions: ['events:PutEvents'],
          resources: [this.eventBus.eventBusArn],
          // The condition is what keeps this closed: only principals of this organization.
          conditions: { StringEquals: { 'aws:PrincipalOrgID': props.publisherOrganizationId } },
        }),
      );
    }
  }

  /** Name of the bus. */
  public get eventBusName(): string {
    return this.eventBus.eventBusName;
  }

  /** Lets `grantee` (in this account) publish events to this bus, and nothing else. */
  public grantPublish(grantee: IGrantable): Grant {
    return this.eventBus.grantPutEventsTo(grantee);
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
  for (const account of props.publisherAccountIds ?? []) {
    if (!ACCOUNT_ID.test(account)) {
      throw new InvalidPublisherPolicyError(
        path,
        `publisherAccountIds: ${JSON.stringify(account)} is not a 12-digit AWS account id; ` +
          'list the exact accounts that publish (wildcards and "*" are never allowed)',
      );
    }
  }
  const accounts = props.publisherAccountIds ?? [];
  if (new Set(accounts).size !== accounts.length) {
    throw new InvalidPublisherPolicyError(path, 'publisherAccountIds lists an account twice; list each once');
  }
  const org = props.publisherOrganizationId;
  if (org !== undefined && !ORGANIZATION_ID.test(org)) {
    throw new InvalidPublisherPolicyError(
      path,
      `publisherOrganizationId: ${JSON.stringify(org)} is not an AWS Organizations id (o- followed by 10-32 ` +
        'lowercase letters or digits); the bus is never opened to everyone',
    );
  }
}
