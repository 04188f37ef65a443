import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DedupeConfigError } from './errors';
import { DedupeStore } from './dedupe-store';
import { EnvironmentVariable } from '../contract/index';

/** Dedupe settings; each falls back to the consumer function's environment of the CDK contract. */
export interface DedupeOptions {
  /** @default process.env.CONSUMER_NAME */
  readonly consumerName?: string;
  /** @default process.env.DEDUPE_TABLE_NAME */
  readonly tableName?: string;
  /** @default process.env.DEDUPE_TTL_SECONDS, else 604800 (7 days) */
  readonly ttlSeconds?: number;
  /** @default a DynamoDBClient from the Lambda environment */
  readonly client?: DynamoDBClient;
}

let sharedClient: DynamoDBClient | undefined;

/** Builds the store once, when the middleware or consumer is created, so bad config fails at cold start. */
export function resolveDedupeStore(options: DedupeOptions): DedupeStore {
  const ttlText = process.env[EnvironmentVariable.DEDUPE_TTL_SECONDS];
  const ttlFromEnv = ttlText === undefined || ttlText === '' ? undefined : Number(ttlText);
  if (ttlFromEnv !== undefined && !Number.isInteger(ttlFromEnv)) {
    throw new DedupeConfigError(`DEDUPE_TTL_SECONDS must be a whole number of seconds, got ${JSON.stringify(ttlText)}.`);
  }
  const ttlSeconds = options.ttlSeconds ?? ttlFromEnv;
  return new DedupeStore({
    client: options.client ?? (sharedClient ??= new DynamoDBClient({})),
    tableName: options.tableName ?? process.env[EnvironmentVariable.DEDUPE_TABLE_NAME] ?? '',
    consumerName: options.consumerName ?? process.env[EnvironmentVariable.CONSUMER_NAME] ?? '',
    ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
  });
}
