import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultInjector } from './fault-injector';

/** A running fault proxy in front of DynamoDB Local. */
export interface DynamoDbFaultProxy {
  /** `http://127.0.0.1:<port>`: what functions get as `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Options of {@link startDynamoDbFaultProxy}. */
export interface DynamoDbFaultProxyOptions {
  /** DynamoDB Local's endpoint, `http://127.0.0.1:<port>`. */
  readonly target: string;
  readonly faults: FaultInjector;
}

const CONTENT_TYPE = 'application/x-amz-json-1.0';

// DynamoDB's own wording for these errors (Programming.Errors in the DynamoDB developer guide).
const THROTTLED = {
  status: 400,
  type: 'ProvisionedThroughputExceededException',
  message:
    'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
};
const UNAVAILABLE = { status: 503, type: 'ServiceUnavailable', message: 'DynamoDB is currently unavailable. (This should be a temporary state.)' };

/**
 * An HTTP proxy that answers a fraction of requests the way a throttled or unavailable DynamoDB
 * does (HTTP 400 `ProvisionedThroughputExceededException`, HTTP 503 `ServiceUnavailable`, with
 * AWS's JSON error body) and forwards the rest to DynamoDB Local unchanged, so the functions' own
 * AWS SDK retry paths run. The runtime's own requests (provisioning, stream polling) bypass it.
 */
export async function startDynamoDbFaultProxy(options: DynamoDbFaultProxyOptions): Promise<DynamoDbFaultProxy> {
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  const handle = (incoming: IncomingMessage, response: ServerResponse) => {
    const fault = options.faults.dynamodbRefused() ? UNAVAILABLE : options.faults.hit('dynamodb-throttle') ? THROTTLED : undefined;
    if (fault !== undefined) {
      // The body is read (and discarded) first, so the client's keep-alive connection stays usable.
      incoming.resume();
      incoming.once('end', () => writeError(response, fault));
      return;
    }
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
        agent,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      // DynamoDB Local went away (the runtime is stopping): answer as an unavailable service would.
      if (!response.headersSent) writeError(response, { ...UNAVAILABLE, message: `DynamoDB Local did not answer: ${error.message}` });
      else response.destroy();
    });
    incoming.pipe(upstream);
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

function writeError(response: ServerResponse, fault: { status: number; type: string; message: string }): void {
  const body = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${fault.type}`, message: fault.message });
  response.writeHead(fault.status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': crypto.randomUUID(),
    'x-amzn-errortype': fault.type,
  });
  response.end(body);
}
