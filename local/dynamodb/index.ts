export { DYNAMODB_LOCAL_JAVA_OPTIONS, startDynamoDbLocal } from './dynamodb-local';
export type { DynamoDbLocal, StartDynamoDbLocalOptions } from './dynamodb-local';
export { MIN_JAVA_MAJOR, checkJavaRuntime, javaMajorVersion } from './java-runtime';
export type { JavaRuntimeCheck } from './java-runtime';
export { DynamoDbLocalStartError } from './errors';
