/** Thrown when DynamoDB Local cannot start, most often because no Java runtime is installed; the base of this folder's errors. */
export class DynamoDbLocalStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DynamoDbLocalStartError';
  }
}
