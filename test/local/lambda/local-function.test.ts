import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionInvocationError, FunctionTimeoutError, LocalFunction, MetricCounters, workerExecArgv, type FunctionLogLine } from '../../../local/lambda';

/** Writes a bundled-asset-like directory holding `index.mjs` with `source`. */
function asset(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'e1-lambda-'));
  writeFileSync(join(dir, 'index.mjs'), source);
  return join(dir, 'index.mjs');
}

function fn(source: string, overrides: Partial<ConstructorParameters<typeof LocalFunction>[0]> = {}, observers = {}) {
  return new LocalFunction(
    {
      name: 'test-fn',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:test-fn',
      modulePath: asset(source),
      exportName: 'handler',
      environment: { GREETING: 'hello', AWS_REGION: 'us-east-1' },
      timeoutSeconds: 2,
      ...overrides,
    },
    observers,
  );
}

describe('LocalFunction', () => {
  const started: LocalFunction[] = [];
  const track = (f: LocalFunction) => (started.push(f), f);
  afterAll(async () => Promise.all(started.map((f) => f.stop())));

  it('passes the event and returns the handler result as JSON', async () => {
    const f = track(fn('export const handler = async (event) => ({ echoed: event, at: new Date(0) });'));
    await expect(f.invoke({ a: 1 })).resolves.toEqual({ echoed: { a: 1 }, at: '1970-01-01T00:00:00.000Z' });
  });

  it('gives the worker the definition environment as process.env', async () => {
    const f = track(fn('export const handler = async () => ({ greeting: process.env.GREETING, home: process.env.HOME ?? null });'));
    await expect(f.invoke({})).resolves.toEqual({ greeting: 'hello', home: null });
  });

  it('passes a Lambda context with the function name, ARN and remaining time', async () => {
    const f = track(
      fn('export const handler = async (_e, c) => ({ n: c.functionName, arn: c.invokedFunctionArn, id: c.awsRequestId, left: c.getRemainingTimeInMillis() });'),
    );
    const result = (await f.invoke({})) as { n: string; arn: string; id: string; left: number };
    expect(result.n).toBe('test-fn');
    expect(result.arn).toBe('arn:aws:lambda:us-east-1:000000000000:function:test-fn');
    expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.left).toBeGreaterThan(0);
    expect(result.left).toBeLessThanOrEqual(2000);
  });

  it('reports a thrown error with its type and message, as Lambda does', async () => {
    const f = track(fn('export const handler = async () => { throw new TypeError("bad input"); };'));
    const error = await f.invoke({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FunctionInvocationError);
    expect((error as FunctionInvocationError).payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });
  });

  it('terminates an invocation that runs past the timeout with Sandbox.Timedout', async () => {
    const f = track(fn('export const handler = () => new Promise(() => {});', { timeoutSeconds: 0.3 }));
    const error = await f.invoke({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FunctionTimeoutError);
    expect((error as FunctionTimeoutError).payload.errorMessage).toBe('Task timed out after 0.30 seconds');
    expect(f.stats()).toMatchObject({ timeouts: 1, warmWorkers: 0 });
  });

  it('does not count a cold start\'s module init against the Timeout, as Lambda times init separately', async () => {
    const f = track(fn('await new Promise((r) => setTimeout(r, 500)); export const handler = async () => "ok";', { timeoutSeconds: 0.3 }));
    await expect(f.invoke({})).resolves.toBe('ok');
  });

  it('starts a fresh worker after a timeout', async () => {
    const f = track(fn('let n = 0; export const handler = async (e) => { n += 1; if (e.hang) await new Promise(() => {}); return n; };', { timeoutSeconds: 0.3 }));
    await expect(f.invoke({ hang: true })).rejects.toBeInstanceOf(FunctionTimeoutError);
    await expect(f.invoke({})).resolves.toBe(1);
  });

  it('reuses a warm worker between invocations', async () => {
    const f = track(fn('let n = 0; export const handler = async () => ++n;'));
    await f.invoke({});
    await expect(f.invoke({})).resolves.toBe(2);
  });

  it('runs at most maxConcurrency invocations at once', async () => {
    const f = track(
      fn('let n = 0; export const handler = async () => { await new Promise((r) => setTimeout(r, 100)); return ++n; };', { maxConcurrency: 2 }),
    );
    const results = await Promise.all([f.invoke({}), f.invoke({}), f.invoke({}), f.invoke({})]);
    // Exactly two workers started (two first invocations), and a worker runs one invocation at a
    // time; how the four split between them depends on how fast the second worker starts.
    expect((results as number[]).filter((n) => n === 1)).toHaveLength(2);
    expect((results as number[]).reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(6);
    expect(f.stats().warmWorkers).toBe(2);
  });

  it('reports a module that does not export the handler as Runtime.HandlerNotFound', async () => {
    const f = track(fn('export const other = 1;'));
    const error = (await f.invoke({}).catch((e: unknown) => e)) as FunctionInvocationError;
    expect(error.payload.errorType).toBe('Runtime.HandlerNotFound');
  });

  it('forwards stdout lines and parses EMF metrics from them', async () => {
    const lines: FunctionLogLine[] = [];
    const metrics = new MetricCounters();
    const emf = {
      _aws: { Timestamp: 0, CloudWatchMetrics: [{ Namespace: 'EventRouter', Dimensions: [['consumer']], Metrics: [{ Name: 'EventsProcessed', Unit: 'Count' }] }] },
      consumer: 'inventory',
      EventsProcessed: [1, 2],
    };
    const f = track(
      fn(`export const handler = async () => { console.log('plain line'); console.log(${JSON.stringify(JSON.stringify(emf))}); return null; };`, {}, {
        onLog: (line: FunctionLogLine) => lines.push(line),
        onMetric: (metric: Parameters<MetricCounters['add']>[0]) => metrics.add(metric),
      }),
    );
    await f.invoke({});
    // Output reaches the runtime before the result: the figures are complete when invoke resolves.
    expect(lines.map((l) => l.line)).toContain('plain line');
    expect(lines.find((l) => l.line === 'plain line')?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(metrics.metric('inventory', 'EventsProcessed')).toBe(3);
  });
});

describe('LocalFunction.warm', () => {
  it('loads the module in a worker ahead of the first invocation, which then reuses it', async () => {
    const f = fn('globalThis.loads = (globalThis.loads ?? 0) + 1; export const handler = async () => globalThis.loads;');
    await f.warm();
    expect(f.stats()).toMatchObject({ warmWorkers: 1, invocations: 0 });
    await expect(f.invoke({})).resolves.toBe(1);
    await f.stop();
  });

  it('rejects with the init error when the module top-level code throws', async () => {
    const f = fn('throw new RangeError("init failed");');
    await expect(f.warm()).rejects.toMatchObject({ payload: { errorType: 'RangeError', errorMessage: 'init failed' } });
    await f.stop();
  });

  it('reports a module that imports a missing package as Runtime.ImportModuleError', async () => {
    const f = fn('import "no-such-package-e1"; export const handler = async () => null;');
    await expect(f.warm()).rejects.toMatchObject({ payload: { errorType: 'Runtime.ImportModuleError' } });
    await f.stop();
  });
});

describe('worker flags', () => {
  it('gives the worker only the flags asked for, never the parent process loaders', async () => {
    const f = fn('export const handler = async () => process.execArgv;', { execArgv: ['--enable-source-maps'] });
    await expect(f.invoke({})).resolves.toEqual(['--enable-source-maps']);
    await f.stop();
  });

  it('keeps the NODE_OPTIONS flags that apply to a worker thread', () => {
    expect(workerExecArgv('--enable-source-maps --max-old-space-size=512 --import tsx')).toEqual(['--enable-source-maps']);
    expect(workerExecArgv(undefined)).toEqual([]);
  });
});
