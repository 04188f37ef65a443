import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeServiceError } from './errors';
import { TARGET_PREFIX, parseJsonBody, readBody, writeError, writeJson, writeResult } from './json-protocol';
import type { LocalEventBridge } from './local-event-bridge';

/** A running local EventBridge endpoint. */
export interface EventBridgeEndpoint {
  /** `http://127.0.0.1:<port>`: point `AWS_ENDPOINT_URL_EVENTBRIDGE` or a client's `endpoint` here. */
  readonly url: string;
  readonly port: number;
  /**
   * Serves the API from `bridge`. The endpoint can listen before the buses exist, so the URL can be
   * handed to functions' environments first; until then API calls get `ServiceUnavailable`.
   */
  attach(bridge: LocalEventBridge): void;
  /** Serves `GET /status` with what `provider` returns. */
  serveStatus(provider: () => Promise<unknown> | unknown): void;
  /**
   * Hands every request that is not `GET /status` and carries no `X-Amz-Target` to `handler` (the web
   * view, local/web); it answers true when it served the request, false to leave it to the AWS API.
   */
  serveWeb(handler: WebRequestHandler): void;
  /** Serves `GET <path>` with the JSON `provider` returns for the query string (the ops routes `/endpoints`, `/resources`, `/trace`). */
  serveJson(path: string, provider: (query: URLSearchParams) => Promise<unknown> | unknown): void;
  /** Stops accepting connections, closes open ones and frees the port. */
  stop(): Promise<void>;
}

/** Serves a non-API request; resolves true when it wrote the response. */
export type WebRequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

export interface StartEventBridgeEndpointOptions {
  /** @default a free port on 127.0.0.1 */
  readonly port?: number;
  readonly bridge?: LocalEventBridge;
}

/** Listens on 127.0.0.1 and speaks the AWS JSON 1.1 protocol `@aws-sdk/client-eventbridge` and the AWS CLI use. */
export async function startEventBridgeEndpoint(options: StartEventBridgeEndpointOptions = {}): Promise<EventBridgeEndpoint> {
  let bridge = options.bridge;
  let status: (() => Promise<unknown> | unknown) | undefined;
  let web: WebRequestHandler | undefined;
  const routes = new Map<string, (query: URLSearchParams) => Promise<unknown> | unknown>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const path = (request.url ?? '/').split('?')[0];
      if (request.method === 'GET' && path === '/status') {
        if (status === undefined) writeJson(response, 503, { message: 'The local runtime is still starting.' });
        else writeJson(response, 200, await status());
        return;
      }
      const route = request.method === 'GET' ? routes.get(path) : undefined;
      if (route !== undefined) {
        try {
          writeJson(response, 200, await route(new URL(request.url ?? '/', 'http://local').searchParams));
        } catch (error) {
          writeJson(response, 400, { message: (error as Error).message });
        }
        return;
      }
      const target = String(request.headers['x-amz-target'] ?? '');
      if (web !== undefined && target === '' && (await web(request, response))) return;
      if (request.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) {
        writeError(
          response,
          new EventBridgeServiceError(
            'UnknownOperationException',
            `Expected a POST with X-Amz-Target: ${TARGET_PREFIX}<Operation> (AWS JSON 1.1); got ${request.method} ${path} with X-Amz-Target ${JSON.stringify(target)}.`,
          ),
        );
        return;
      }
      const input = parseJsonBody(await readBody(request));
      if (bridge === undefined) {
        throw new EventBridgeServiceError('ServiceUnavailable', 'The local runtime is still starting; retry in a moment.', 503);
      }
      const authorization = typeof request.headers.authorization === 'string' ? request.headers.authorization : undefined;
      writeResult(response, await bridge.handle(target.slice(TARGET_PREFIX.length), input, { authorization }));
    } catch (error) {
      writeError(response, error);
    }
  };

  const server = createServer((request, response) => void handle(request, response));
  // The SDK keeps connections alive; the server must not hold the process open on them at stop().
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    attach(next) {
      bridge = next;
    },
    serveStatus(provider) {
      status = provider;
    },
    serveWeb(handler) {
      web = handler;
    },
    serveJson(path, provider) {
      routes.set(path, provider);
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
