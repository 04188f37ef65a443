import { randomUUID } from 'node:crypto';
import { receiptHandleIsInvalid } from './errors';

/** What a receipt handle names: one receive of one message in one queue. */
export interface ReceiptHandleRef {
  readonly queueArn: string;
  readonly messageId: string;
}

/** A new opaque handle for one receive of `messageId`; every receive gets a different one, as in AWS. */
export function newReceiptHandle(queueArn: string, messageId: string): string {
  return Buffer.from(JSON.stringify([queueArn, messageId, randomUUID()]), 'utf8').toString('base64url');
}

/** Reads a handle this endpoint issued; throws ReceiptHandleIsInvalid for anything else. */
export function parseReceiptHandle(handle: string): ReceiptHandleRef {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(handle, 'base64url').toString('utf8'));
  } catch {
    throw receiptHandleIsInvalid(handle, 'it was not issued by this endpoint (use the ReceiptHandle of a ReceiveMessage response)');
  }
  if (!Array.isArray(parts) || parts.length !== 3 || !parts.every((part) => typeof part === 'string')) {
    throw receiptHandleIsInvalid(handle, 'it was not issued by this endpoint (use the ReceiptHandle of a ReceiveMessage response)');
  }
  return { queueArn: parts[0], messageId: parts[1] };
}
