import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventBridgeEngineError, InvalidEventError } from '../errors';
import { EventBridgeServiceError, SerializationError } from './errors';

/** The `X-Amz-Target` prefix of every EventBridge operation (`AWSEvents.PutEvents`). */
export const TARGET_PREFIX = 'AWSEvents.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Reads a request body; the SDK sends small JSON documents, so buffering is fine. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses an AWS JSON 1.1 body; an empty body is an empty input, as the SDK sends for some list calls. */
export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new SerializationError(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SerializationError('The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** Writes a successful AWS JSON 1.1 response. */
export function writeResult(response: ServerResponse, result: unknown): void {
  const body = JSON.stringify(result ?? {});
  response.writeHead(200, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': crypto.randomUUID(),
  });
  response.end(body);
}

/** Writes an AWS JSON 1.1 error: `__type` and `x-amzn-ErrorType` carry the code the SDK turns into an exception name. */
export function writeError(response: ServerResponse, error: unknown): void {
  const serviceError =
    error instanceof EventBridgeServiceError
      ? error
      : error instanceof EventBridgeEngineError
        ? // The pattern engine's errors carry AWS's code and message already (ValidationException, InvalidEventPatternException);
          // AWS's bare `Parameter Event is not valid.` is followed by what was wrong with the event.
          new EventBridgeServiceError(
            error.code,
            error instanceof InvalidEventError && error.detail !== undefined ? `${error.message} (${error.detail})` : error.message,
          )
        : new EventBridgeServiceError('InternalException', `Local EventBridge endpoint failed: ${(error as Error)?.message ?? String(error)}`, 500);
  const body = JSON.stringify({ __type: serviceError.code, message: serviceError.message });
  response.writeHead(serviceError.statusCode, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': serviceError.code,
    'x-amzn-requestid': crypto.randomUUID(),
  });
  response.end(body);
}

/** Writes plain JSON (the `/status` route). */
export function writeJson(response: ServerResponse, statusCode: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
