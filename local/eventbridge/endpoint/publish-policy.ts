import { UnsupportedTemplateError } from './errors';
import type { EventsResource } from './bus-model';

/**
 * Who may PutEvents on a bus from another account, as its `AWS::Events::EventBusPolicy`
 * statements say: an account (or, with `aws:PrincipalOrgID`, any account of an organization)
 * and, when the statement carries an `events:source` condition, the only sources it may put.
 */
export interface PublishStatement {
  readonly sid: string;
  /** 12-digit account id, or `*` for an organization statement. */
  readonly account: string;
  /** `aws:PrincipalOrgID` the statement requires, if any. */
  readonly organizationId?: string;
  /** Sources allowed (`events:source`); undefined = any source. */
  readonly sources?: readonly string[];
}

/** The caller of an API request, as far as the local endpoint can tell. */
export interface Caller {
  readonly accountId: string;
}

/** The Allow statements for `events:PutEvents` of every bus policy resource, by bus name. */
export function publishStatementsFrom(resources: readonly EventsResource[]): Map<string, PublishStatement[]> {
  const byBus = new Map<string, PublishStatement[]>();
  for (const resource of resources) {
    if (resource.type !== 'AWS::Events::EventBusPolicy') continue;
    const props = resource.properties;
    const bus = typeof props.EventBusName === 'string' ? props.EventBusName : 'default';
    const statement = props.Statement as Record<string, unknown> | undefined;
    const parsed = statement === undefined ? undefined : fromStatement(statement, String(props.StatementId ?? resource.logicalId), `${resource.stackName}/${resource.logicalId}`);
    if (parsed === undefined) continue;
    byBus.set(bus, [...(byBus.get(bus) ?? []), parsed]);
  }
  return byBus;
}

/**
 * Whether `caller` may put entries with `sources` on a bus of another account with `statements`.
 * IAM evaluates a statement against the whole request: `ForAllValues:StringEquals` on
 * `events:source` allows the call only if every entry's source is in the statement's list.
 */
export function allowsPublish(statements: readonly PublishStatement[], caller: Caller, sources: readonly string[]): boolean {
  return statements.some(
    (statement) =>
      // No Organizations locally: a `*` statement (an organization's) admits every other account,
      // and its source list still applies (docs/infrastructure.md, Publishers).
      (statement.account === caller.accountId || statement.account === '*') &&
      (statement.sources === undefined || sources.every((source) => statement.sources!.includes(source))),
  );
}

function fromStatement(statement: Record<string, unknown>, sid: string, where: string): PublishStatement | undefined {
  if (statement.Effect !== 'Allow') return undefined;
  const actions = [statement.Action].flat();
  if (!actions.some((action) => action === 'events:PutEvents' || action === 'events:*')) return undefined;
  const conditions = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
  const sources = conditions['ForAllValues:StringEquals']?.['events:source'] ?? conditions.StringEquals?.['events:source'];
  const organizationId = conditions.StringEquals?.['aws:PrincipalOrgID'];
  const principal = statement.Principal as { AWS?: unknown } | string | undefined;
  const aws = typeof principal === 'string' ? principal : principal?.AWS;
  const account = accountOf(aws);
  if (account === undefined) {
    throw new UnsupportedTemplateError(`${where}: bus policy statement ${sid} has a principal the local runtime cannot read: ${JSON.stringify(aws)}.`);
  }
  return {
    sid,
    account,
    organizationId: typeof organizationId === 'string' ? organizationId : undefined,
    sources: sources === undefined ? undefined : [sources].flat().map(String),
  };
}

/** `123456789012`, `arn:aws:iam::123456789012:root` -> the account; `*` stays `*`. */
function accountOf(principal: unknown): string | undefined {
  if (principal === '*') return '*';
  if (typeof principal !== 'string') return undefined;
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:[^:]+:iam::(\d{12}):/.exec(principal)?.[1];
}

/**
 * The account of the request's caller: AWS derives it from the access key; locally an access key
 * id of 12 digits is taken as the caller's account id (the convention LocalStack uses), any
 * other key is the local account itself.
 */
export function callerFromAuthorization(authorization: string | undefined, localAccountId: string): Caller {
  const accessKeyId = /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
  return { accountId: accessKeyId !== undefined && /^\d{12}$/.test(accessKeyId) ? accessKeyId : localAccountId };
}
