import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption, StreamViewType } from 'aws-cdk-lib/aws-dynamodb';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** Props of {@link secureTable}. */
export interface SecureTableProps {
  /** Add a sort key `sk` (S) besides the partition key `pk` (S). */
  readonly withSortKey: boolean;
  /** @default - no TTL attribute */
  readonly timeToLiveAttribute?: string;
  /** @default - no stream */
  readonly stream?: StreamViewType;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A table with the project's baseline: keys `pk` (S) [+ `sk` (S)], on-demand capacity,
 * encryption at rest with the AWS-managed key and point-in-time recovery.
 */
export function secureTable(scope: Construct, id: string, props: SecureTableProps): Table {
  return new Table(scope, id, {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    sortKey: props.withSortKey ? { name: 'sk', type: AttributeType.STRING } : undefined,
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: props.timeToLiveAttribute,
    stream: props.stream,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
  });
}

/** Item-level reads and writes (single, batch, query, transactions): what a handler needs on its own table. */
export const ITEM_READ_WRITE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/** Grants {@link ITEM_READ_WRITE_ACTIONS} on `table`: no scans, no streams, no table management. */
export function grantItemReadWrite(table: Table, grantee: IGrantable): Grant {
  return table.grant(grantee, ...ITEM_READ_WRITE_ACTIONS);
}
