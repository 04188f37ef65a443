import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SqsServiceError, serializationError } from './errors';
import type { SqsOperations } from './operations';

const TARGET_PREFIX = 'AmazonSQS.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  response.end(text);
}

/** Writes an error the way SQS's JSON protocol does: `x-amzn-query-error` header plus `__type` and `message`. */
function sendError(response: ServerResponse, error: unknown): void {
  const sqsError =
    error instanceof SqsServiceError
      ? error
      : new SqsServiceError('InternalFailure', `The local SQS endpoint failed: ${error instanceof Error ? error.message : String(error)}`, {
          statusCode: 500,
          fault: 'Receiver',
        });
  send(
    response,
    sqsError.statusCode,
    { __type: `com.amazonaws.sqs#${sqsError.shape}`, message: sqsError.message },
    { 'x-amzn-query-error': `${sqsError.queryCode};${sqsError.fault}` },
  );
}

/** Parses an AWS JSON 1.0 request body (an empty body is `{}`). */
function parseInput(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw serializationError(`The request body is not valid JSON (${(error as Error).message}); AWS JSON 1.0 requests carry a JSON object.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw serializationError('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

/** An HTTP server on 127.0.0.1 speaking the AWS JSON 1.0 protocol `@aws-sdk/client-sqs` v3 uses. */
export async function listen(operations: SqsOperations, port: number): Promise<{ server: Server; port: number; drain(): Promise<void> }> {
  const pending = new Set<Promise<void>>();
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const body = await readBody(request);
      if (request.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) {
        throw new SqsServiceError(
          'UnknownOperationException',
          `Expected a POST with X-Amz-Target: ${TARGET_PREFIX}<Operation> and Content-Type: ${CONTENT_TYPE} (the AWS JSON protocol of @aws-sdk/client-sqs v3 and AWS CLI v2); ` +
            `got ${request.method} ${request.url} with X-Amz-Target ${JSON.stringify(target)}. The query (form-encoded) protocol is not served.`,
        );
      }
      // A client that gives up (an aborted long poll) must not have messages received on its behalf.
      const cancelled = new AbortController();
      response.on('close', () => {
        if (!response.writableFinished) cancelled.abort();
      });
      const output = await operations.handle(target.slice(TARGET_PREFIX.length), parseInput(body), cancelled.signal);
      if (!cancelled.signal.aborted) send(response, 200, output);
    } catch (error) {
      sendError(response, error);
    }
  };
  const server = createServer((request, response) => {
    const handling = handle(request, response).finally(() => pending.delete(handling));
    pending.add(handling);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    // Resolves when every request being handled has been answered.
    drain: async () => {
      await Promise.all([...pending]);
    },
  };
}
