/**
 * Errors the local SQS endpoint returns. Each carries what AWS's JSON protocol puts on the wire:
 * the shape name (`__type: com.amazonaws.sqs#<shape>`), the legacy query code (header
 * `x-amzn-query-error: <code>;Sender`, which `@aws-sdk/client-sqs` reads first) and the HTTP status,
 * so the SDK throws the same typed exception (`QueueDoesNotExist`, `ReceiptHandleIsInvalid`, ...)
 * it throws against AWS.
 */
export class SqsServiceError extends Error {
  /** Shape name in the SQS model, e.g. `QueueDoesNotExist`; codes outside the model repeat the query code. */
  readonly shape: string;
  /** AWS query error code, e.g. `AWS.SimpleQueueService.NonExistentQueue`; the code batch entries report. */
  readonly queryCode: string;
  readonly statusCode: number;
  /** `Sender` when the request was wrong, `Receiver` when the service failed. */
  readonly fault: 'Sender' | 'Receiver';

  constructor(shape: string, message: string, options: { queryCode?: string; statusCode?: number; fault?: 'Sender' | 'Receiver' } = {}) {
    super(message);
    this.name = 'SqsServiceError';
    this.shape = shape;
    this.queryCode = options.queryCode ?? shape;
    this.statusCode = options.statusCode ?? 400;
    this.fault = options.fault ?? 'Sender';
  }
}

/** The queue a URL or name points at does not exist (or was deleted). */
export function queueDoesNotExist(queue: string): SqsServiceError {
  return new SqsServiceError(
    'QueueDoesNotExist',
    `The specified queue does not exist: ${queue}. Create it first (CreateQueue), or check the name, account and region in the URL.`,
    { queryCode: 'AWS.SimpleQueueService.NonExistentQueue' },
  );
}

/** A parameter has a value AWS rejects; `reason` says which rule it broke. */
export function invalidParameterValue(message: string): SqsServiceError {
  return new SqsServiceError('InvalidParameterValue', message);
}

/** A required parameter is absent, e.g. `MessageGroupId` on a FIFO send. */
export function missingParameter(parameter: string, hint = ''): SqsServiceError {
  return new SqsServiceError('MissingParameter', `The request must contain the parameter ${parameter}.${hint === '' ? '' : ` ${hint}`}`);
}

/** A receipt handle that was never issued, is malformed, or belongs to another queue. */
export function receiptHandleIsInvalid(handle: string, reason: string): SqsServiceError {
  return new SqsServiceError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle: ${reason}.`, {
    statusCode: 404,
  });
}

/** ChangeMessageVisibility on a message that is not in flight. */
export function messageNotInflight(handle: string): SqsServiceError {
  return new SqsServiceError(
    'MessageNotInflight',
    `The message of receipt handle "${handle}" is not in flight (its visibility timeout already expired); receive it again to get a new handle.`,
    { queryCode: 'AWS.SimpleQueueService.MessageNotInflight' },
  );
}

/** A FIFO receipt handle from an earlier receive, or whose visibility timeout has passed. */
export function receiptHandleExpired(handle: string): SqsServiceError {
  return invalidParameterValue(
    `Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired. ` +
      'On a FIFO queue only the handle of the latest receive works, and only while the message is in flight.',
  );
}

/** A queue attribute name SQS does not know, or one a request may not set. */
export function invalidAttributeName(name: string, hint = ''): SqsServiceError {
  return new SqsServiceError('InvalidAttributeName', `Unknown Attribute ${name}.${hint === '' ? '' : ` ${hint}`}`);
}

/** CreateQueue for an existing name with different attributes. */
export function queueNameExists(name: string, attribute: string): SqsServiceError {
  return new SqsServiceError(
    'QueueNameExists',
    `A queue named ${name} already exists with a different value for attribute ${attribute}. Use SetQueueAttributes, or delete the queue first.`,
    { queryCode: 'QueueAlreadyExists' },
  );
}

/** A message body with characters outside the ones SQS allows. */
export function invalidMessageContents(where: string): SqsServiceError {
  return new SqsServiceError(
    'InvalidMessageContents',
    `Invalid characters found in ${where}. SQS accepts #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF; encode binary data (e.g. base64).`,
  );
}

/** A batch request with no entries. */
export function emptyBatchRequest(): SqsServiceError {
  return new SqsServiceError('EmptyBatchRequest', 'There should be at least one entry in the request (Entries).', {
    queryCode: 'AWS.SimpleQueueService.EmptyBatchRequest',
  });
}

/** A batch request with more than 10 entries. */
export function tooManyEntriesInBatchRequest(count: number): SqsServiceError {
  return new SqsServiceError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${count}.`, {
    queryCode: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  });
}

/** Two batch entries share an `Id`. */
export function batchEntryIdsNotDistinct(id: string): SqsServiceError {
  return new SqsServiceError('BatchEntryIdsNotDistinct', `Id ${id} repeated. Every entry of a batch needs its own Id.`, {
    queryCode: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  });
}

/** A batch entry `Id` that is not 1-80 alphanumerics, hyphens or underscores. */
export function invalidBatchEntryId(id: string): SqsServiceError {
  return new SqsServiceError(
    'InvalidBatchEntryId',
    `A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long. Got ${JSON.stringify(id)}.`,
    { queryCode: 'AWS.SimpleQueueService.InvalidBatchEntryId' },
  );
}

/** The entries of a SendMessageBatch add up to more than the queue's maximum message size. */
export function batchRequestTooLong(size: number, limit: number): SqsServiceError {
  return new SqsServiceError('BatchRequestTooLong', `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`, {
    queryCode: 'AWS.SimpleQueueService.BatchRequestTooLong',
  });
}

/** An operation the local endpoint does not implement. */
export function unsupportedOperation(operation: string): SqsServiceError {
  return new SqsServiceError(
    'UnsupportedOperation',
    `The local SQS endpoint does not implement ${operation}. It implements the queue, message, batch and tag operations; see docs/local-sqs.md.`,
    { queryCode: 'AWS.SimpleQueueService.UnsupportedOperation' },
  );
}

/** The request body is not a JSON object, as AWS JSON 1.0 requires. */
export function serializationError(message: string): SqsServiceError {
  return new SqsServiceError('SerializationException', message);
}
