import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RoutingListener, WebRequestHandler } from '../eventbridge/endpoint/index';
import type { LocalRuntime } from '../runtime';
import type { StatusReport } from '../status';
import { WebInputError, WebNotFoundError, WebViewError } from './errors';
import { LiveFigures, type LiveSnapshot } from './live-figures';
import { PublishApi } from './publish-api';
import { RouteCounters } from './route-counters';
import { readStatic } from './static-files';
import { buildTopology, type Topology } from './topology';
import { WebOps } from './web-ops';

/**
 * What the view needs of the EventBridge endpoint that serves it (local/router's service has it): the
 * view is attached by the router's assembly and knows the endpoint only through this.
 */
export interface WebViewEndpoint {
  /** Base URL of the endpoint. */
  readonly endpoint: string;
  /** Names of the buses the templates declare (plus `default`). */
  readonly busNames: readonly string[];
  /** The `GET /status` document. */
  status(): Promise<StatusReport>;
  /** Serves the view on the endpoint's port. */
  serveWeb(handler: WebRequestHandler): void;
  /** Observes routing (the view counts events per edge). */
  addRoutingListener(listener: RoutingListener): void;
}

/** Options of {@link attachWebView}. */
export interface WebViewOptions {
  /** Milliseconds between live samples pushed to the page. @default 1000 */
  readonly intervalMs?: number;
}

/** The web view served on the EventBridge endpoint's port. */
export interface WebView {
  readonly url: string;
  readonly topology: Topology;
  /** Stops the sampler, ends the open event streams and closes the ops target. */
  stop(): void;
}

const MAX_BODY_BYTES = 512 * 1024;

/**
 * Serves the web view at `GET /` of the EventBridge endpoint: the page and its assets, the JSON API
 * (`/api/topology`, `/api/types`, `/api/example`, `/api/validate`, `/api/publish`, `/api/trace?q=`,
 * `/api/dlq/<consumer>`, `POST /api/dlq/<consumer>/redrive`) and `GET /events`, a server-sent event
 * stream of live figures, sampled only while a page is connected. Status, trace, DLQ peek and redrive are the ops
 * layer's (see {@link WebOps}), on the endpoint's own URL.
 */
export function attachWebView(runtime: LocalRuntime, eventBridge: WebViewEndpoint, options: WebViewOptions = {}): WebView {
  const topology = buildTopology(runtime.resources);
  const counters = new RouteCounters();
  eventBridge.addRoutingListener(counters);
  const ops = new WebOps(eventBridge.endpoint);
  ops.warmUp();
  const figures = new LiveFigures(topology, { runtime, status: () => eventBridge.status(), consumerStatus: () => ops.status(), counters });
  const busName = eventBridge.busNames.find((name) => name !== 'default') ?? 'default';
  const publish = new PublishApi(eventBridge.endpoint, busName);
  const streams = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | undefined;
  let last: LiveSnapshot | undefined;
  let sampling = false;

  const tick = async () => {
    // A sample reads /resources over HTTP; on a saturated machine it can take longer than the interval: skip, never pile up.
    if (sampling) return;
    sampling = true;
    try {
      last = await figures.sample();
    } catch {
      return; // The runtime is stopping; the next tick (if any) tries again.
    } finally {
      sampling = false;
    }
    const frame = `event: figures\ndata: ${JSON.stringify(last)}\n\n`;
    for (const stream of streams) stream.write(frame);
  };
  const startSampling = () => {
    if (timer !== undefined) return;
    timer = setInterval(() => void tick(), options.intervalMs ?? 1000);
    timer.unref();
  };

  const api = async (method: string, path: string, url: URL, request: IncomingMessage): Promise<unknown> => {
    if (method === 'GET' && path === '/api/topology') return topology;
    if (method === 'GET' && path === '/api/types') return publish.types();
    if (method === 'GET' && path === '/api/example') return publish.example(url.searchParams.get('detailType') ?? '', url.searchParams.get('version') ?? '');
    if (method === 'POST' && path === '/api/validate') return publish.publish(await readJson(request), false);
    if (method === 'POST' && path === '/api/publish') return publish.publish(await readJson(request), true);
    if (method === 'GET' && path === '/api/trace') {
      const q = (url.searchParams.get('q') ?? '').trim();
      if (q === '') throw new WebInputError('q is empty: give an eventId, an EventBridge id, a correlation id or an entity id.');
      return ops.trace(q);
    }
    const dlq = /^\/api\/dlq\/([^/]+)(\/redrive)?$/.exec(path);
    if (dlq !== null) {
      const consumer = decodeURIComponent(dlq[1]);
      if (method === 'GET' && dlq[2] === undefined) return { consumer, queues: await ops.peek(consumer) };
      if (method === 'POST' && dlq[2] !== undefined) {
        const body = (await readJson(request)) as { queue?: unknown; ids?: unknown } | null;
        const ids = body?.ids;
        if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id !== '')) {
          throw new WebInputError('ids must be a non-empty array of the DLQ message ids (or eventIds) to redrive.');
        }
        return ops.redrive(consumer, typeof body?.queue === 'string' ? body.queue : 'consumer', ids as string[]);
      }
    }
    throw new WebNotFoundError(`No API ${method} ${path}.`);
  };

  eventBridge.serveWeb(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const path = url.pathname;
    if (path.startsWith('/api/')) {
      try {
        send(response, 200, await api(method, path, url, request));
      } catch (error) {
        const status = error instanceof WebViewError ? error.status : 500;
        send(response, status, { message: (error as Error).message });
      }
      return true;
    }
    if (method === 'GET' && path === '/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(`retry: 2000\n\n`);
      if (last !== undefined) response.write(`event: figures\ndata: ${JSON.stringify(last)}\n\n`);
      streams.add(response);
      response.on('close', () => {
        streams.delete(response);
        if (streams.size === 0 && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
      });
      startSampling();
      void tick();
      return true;
    }
    if (method !== 'GET') return false;
    const file = await readStatic(path);
    if (file === undefined) return false;
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', 'content-security-policy': CSP });
    response.end(file.body);
    return true;
  });

  return {
    url: `${eventBridge.endpoint}/`,
    topology,
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      for (const stream of streams) stream.end();
      streams.clear();
      ops.close();
    },
  };
}

/** Nothing but the page's own files: no inline script, no remote origin (defence in depth for the escaping). */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new WebInputError(`The request body is over ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new WebInputError(`The request body is not JSON: ${(error as Error).message}`);
  }
}
