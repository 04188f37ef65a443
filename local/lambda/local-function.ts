import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { parseEmfLine, type EmfMetric } from './emf';
import { FunctionInvocationError, FunctionStoppedError, FunctionTimeoutError, type LambdaErrorPayload } from './errors';

/** Everything needed to run one function locally. */
export interface FunctionDefinition {
  /** The function's name (what `AWS_LAMBDA_FUNCTION_NAME` says). */
  readonly name: string;
  readonly arn: string;
  /** Absolute path of the bundled module (`.../asset.<hash>/index.mjs`). */
  readonly modulePath: string;
  /** The handler export (`handler` for `index.handler`). */
  readonly exportName: string;
  /** The worker's whole `process.env`. */
  readonly environment: Readonly<Record<string, string>>;
  /** Lambda's `Timeout`. @default 3 */
  readonly timeoutSeconds?: number;
  /** Lambda's `MemorySize`, also the worker's old-generation heap limit. @default 128 */
  readonly memoryMb?: number;
  /** Warm workers kept at most, i.e. concurrent invocations. @default 4 */
  readonly maxConcurrency?: number;
  /**
   * Node.js flags of the worker. Never the parent's: a tsx or jest loader must not leak into the sandbox.
   * @default []
   */
  readonly execArgv?: readonly string[];
  /** Decides per invocation whether its worker crashes, and where (`--faults crash`). @default - never */
  readonly crashes?: CrashDecision;
}

/**
 * A crash of an execution environment: the worker is killed before the handler runs, while it runs
 * (`delayMs` after it starts), or after it finished (its side effects done) and before its result
 * reaches the caller. The invocation fails with `Runtime.ExitError`, as a crashed sandbox does.
 */
export interface InvocationCrash {
  readonly point: 'before-handler' | 'during-handler' | 'after-handler';
  readonly delayMs: number;
}

/** Called once per invocation: a crash to inject, or undefined. */
export type CrashDecision = () => InvocationCrash | undefined;

/** One line a function printed (or a platform line: START / END / REPORT). */
export interface FunctionLogLine {
  readonly functionName: string;
  readonly requestId?: string;
  readonly stream: 'stdout' | 'stderr' | 'platform';
  readonly line: string;
}

/** How one invocation ended. */
export interface InvocationRecord {
  readonly functionName: string;
  readonly requestId: string;
  readonly durationMs: number;
  readonly error?: LambdaErrorPayload;
}

/** Observers of a function's output and invocations. */
export interface FunctionObservers {
  onLog?(line: FunctionLogLine): void;
  onMetric?(metric: EmfMetric, functionName: string): void;
  onInvocation?(record: InvocationRecord): void;
}

/** Counters of one function since start. */
export interface FunctionStats {
  readonly invocations: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly inFlight: number;
  readonly warmWorkers: number;
}

interface Pending {
  readonly requestId: string;
  /** The crash injected into this invocation, which explains the worker's exit. */
  readonly crash?: InvocationCrash;
  /** The handler started (the module is loaded): the function's Timeout starts now. */
  started?(): void;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Sandbox {
  readonly worker: Worker;
  pending?: Pending;
  dead: boolean;
  /** Output text after the last newline, per stream. */
  readonly partial: { stdout: string; stderr: string };
}

const WORKER_URL = new URL('./lambda-worker.mjs', import.meta.url);
/** Lambda's limit on a cold start's init phase (module load and top-level code). */
const INIT_TIMEOUT_SECONDS = 10;

/**
 * A function with a small pool of warm worker threads, one invocation at a time per worker, as Lambda runs one
 * event per execution environment. A timeout terminates the worker (the next invocation is a cold start).
 */
export class LocalFunction {
  private readonly idle: Sandbox[] = [];
  private readonly all = new Set<Sandbox>();
  private readonly waiters: Array<{ resolve(s: Sandbox): void; reject(e: Error): void }> = [];
  private stopped = false;
  private counts = { invocations: 0, errors: 0, timeouts: 0, inFlight: 0 };

  constructor(
    readonly definition: FunctionDefinition,
    private readonly observers: FunctionObservers = {},
  ) {}

  get name(): string {
    return this.definition.name;
  }

  /** Runs the handler with `event`; resolves with its JSON result or throws {@link FunctionInvocationError}. */
  async invoke(event: unknown): Promise<unknown> {
    if (this.stopped) throw new FunctionStoppedError(this.name);
    this.counts.invocations += 1;
    this.counts.inFlight += 1;
    const requestId = randomUUID();
    const started = Date.now();
    let error: LambdaErrorPayload | undefined;
    try {
      const sandbox = await this.acquire();
      try {
        return await this.run(sandbox, requestId, event);
      } finally {
        this.release(sandbox);
      }
    } catch (caught) {
      if (caught instanceof FunctionInvocationError) {
        error = caught.payload;
        this.counts.errors += 1;
        if (caught instanceof FunctionTimeoutError) this.counts.timeouts += 1;
      }
      throw caught;
    } finally {
      this.counts.inFlight -= 1;
      const durationMs = Date.now() - started;
      this.log(requestId, 'platform', `END RequestId: ${requestId}`);
      this.log(requestId, 'platform', `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms${error ? `\tStatus: ${error.errorType}` : ''}`);
      this.observers.onInvocation?.({ functionName: this.name, requestId, durationMs, error });
    }
  }

  /**
   * Starts a worker and runs the module's init code without invoking the handler, so the next invocation is
   * warm. Rejects with {@link FunctionInvocationError} when the module cannot load.
   */
  async warm(): Promise<void> {
    if (this.stopped) throw new FunctionStoppedError(this.name);
    if (this.idle.length > 0) return;
    const sandbox = await this.acquire();
    try {
      await new Promise((resolve, reject) => {
        const requestId = `warm-${randomUUID()}`;
        sandbox.pending = {
          requestId,
          resolve: (value) => ((sandbox.pending = undefined), resolve(value)),
          reject: (error) => ((sandbox.pending = undefined), reject(error)),
        };
        sandbox.worker.postMessage({ type: 'load', id: requestId });
      });
    } finally {
      this.release(sandbox);
    }
  }

  /** Invocation counters since start. */
  stats(): FunctionStats {
    return { ...this.counts, warmWorkers: [...this.all].filter((s) => !s.dead).length };
  }

  /** Terminates every worker; waiting and running invocations fail with {@link FunctionStoppedError}. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new FunctionStoppedError(this.name));
    await Promise.all([...this.all].map((sandbox) => this.kill(sandbox, new FunctionStoppedError(this.name))));
  }

  private run(sandbox: Sandbox, requestId: string, event: unknown): Promise<unknown> {
    const timeoutSeconds = this.definition.timeoutSeconds ?? 3;
    this.log(requestId, 'platform', `START RequestId: ${requestId} Version: $LATEST`);
    const crash = this.definition.crashes?.();
    return new Promise((resolve, reject) => {
      // Lambda gives a cold start's init phase its own 10 s, and when that runs out retries the init inside the
      // invocation under the function's Timeout: init may take up to 10 s + Timeout before the invocation fails.
      // The Timeout proper covers the handler only.
      const initLimit = INIT_TIMEOUT_SECONDS + timeoutSeconds;
      let timer = setTimeout(() => {
        void this.kill(sandbox, new FunctionTimeoutError(this.name, requestId, initLimit, 'init'));
      }, initLimit * 1000);
      const settle = <T>(fn: (v: T) => void) => (value: T) => {
        clearTimeout(timer);
        sandbox.pending = undefined;
        fn(value);
      };
      sandbox.pending = {
        requestId,
        crash,
        resolve: settle(resolve),
        reject: settle(reject),
        started: () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            void this.kill(sandbox, new FunctionTimeoutError(this.name, requestId, timeoutSeconds));
          }, timeoutSeconds * 1000);
        },
      };
      sandbox.worker.postMessage({
        type: 'invoke',
        id: requestId,
        event,
        crash,
        context: {
          functionName: this.name,
          functionVersion: '$LATEST',
          invokedFunctionArn: this.definition.arn,
          memoryLimitInMB: String(this.definition.memoryMb ?? 128),
          awsRequestId: requestId,
          logGroupName: this.definition.environment.AWS_LAMBDA_LOG_GROUP_NAME ?? `/aws/lambda/${this.name}`,
          logStreamName: this.definition.environment.AWS_LAMBDA_LOG_STREAM_NAME ?? 'local',
          timeoutMs: timeoutSeconds * 1000,
        },
      });
    });
  }

  private acquire(): Promise<Sandbox> {
    const ready = this.idle.pop();
    if (ready !== undefined) return Promise.resolve(ready);
    const live = [...this.all].filter((s) => !s.dead).length;
    if (live < (this.definition.maxConcurrency ?? 4)) return Promise.resolve(this.spawn());
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private release(sandbox: Sandbox): void {
    if (sandbox.dead) {
      // A replacement worker serves the next waiter: the dead one's slot is free again.
      const waiter = this.waiters.shift();
      if (waiter !== undefined && !this.stopped) waiter.resolve(this.spawn());
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter.resolve(sandbox);
    else this.idle.push(sandbox);
  }

  private spawn(): Sandbox {
    const worker = new Worker(WORKER_URL, {
      workerData: { modulePath: this.definition.modulePath, exportName: this.definition.exportName },
      env: { ...this.definition.environment },
      execArgv: [...(this.definition.execArgv ?? [])],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, this.definition.memoryMb ?? 128) },
    });
    const sandbox: Sandbox = { worker, dead: false, partial: { stdout: '', stderr: '' } };
    this.all.add(sandbox);
    this.pipe(sandbox, 'stdout');
    this.pipe(sandbox, 'stderr');
    worker.on('message', (message: { type: string; id: string; result?: unknown; error?: LambdaErrorPayload; stream?: 'stdout' | 'stderr'; text?: string }) => {
      if (message.type === 'output') {
        this.output(sandbox, message.stream!, message.text!);
        return;
      }
      const pending = sandbox.pending;
      if (pending === undefined || pending.requestId !== message.id) return;
      if (message.type === 'started') pending.started?.();
      else if (message.type === 'result') pending.resolve(message.result);
      else pending.reject(new FunctionInvocationError(this.name, pending.requestId, message.error!));
    });
    worker.on('error', (error: Error) => {
      const requestId = sandbox.pending?.requestId ?? 'none';
      void this.kill(
        sandbox,
        new FunctionInvocationError(this.name, requestId, {
          errorType: `Runtime.${error.name === 'Error' ? 'UnhandledError' : error.name}`,
          errorMessage: error.message,
          trace: String(error.stack ?? '').split('\n'),
        }),
      );
    });
    worker.on('exit', (code) => {
      const requestId = sandbox.pending?.requestId ?? 'none';
      const crash = sandbox.pending?.crash;
      void this.kill(
        sandbox,
        new FunctionInvocationError(this.name, requestId, {
          errorType: 'Runtime.ExitError',
          errorMessage:
            crash === undefined
              ? `RequestId: ${requestId} Error: Runtime exited with error: exit status ${code}`
              : `RequestId: ${requestId} Error: Runtime exited with error: signal: killed (injected by --faults crash, ${crash.point})`,
          trace: [],
        }),
      );
    });
    return sandbox;
  }

  private async kill(sandbox: Sandbox, reason: Error): Promise<void> {
    const pending = sandbox.pending;
    const wasDead = sandbox.dead;
    sandbox.dead = true;
    this.all.delete(sandbox);
    const at = this.idle.indexOf(sandbox);
    if (at >= 0) this.idle.splice(at, 1);
    pending?.reject(reason);
    if (!wasDead) await sandbox.worker.terminate();
  }

  /** Output the worker posted: complete lines are logged (and EMF lines counted) before the result that follows. */
  private output(sandbox: Sandbox, stream: 'stdout' | 'stderr', text: string): void {
    const lines = (sandbox.partial[stream] + text).split('\n');
    sandbox.partial[stream] = lines.pop()!;
    for (const line of lines) this.line(sandbox, stream, line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  /** Anything written to the worker's stdio other than through `process.stdout.write` (native writes). */
  private pipe(sandbox: Sandbox, stream: 'stdout' | 'stderr'): void {
    const lines = createInterface({ input: sandbox.worker[stream], crlfDelay: Infinity });
    lines.on('line', (line) => this.line(sandbox, stream, line));
  }

  private line(sandbox: Sandbox, stream: 'stdout' | 'stderr', line: string): void {
    this.log(sandbox.pending?.requestId, stream, line);
    if (stream === 'stdout' && this.observers.onMetric !== undefined) {
      for (const metric of parseEmfLine(line)) this.observers.onMetric(metric, this.name);
    }
  }

  private log(requestId: string | undefined, stream: FunctionLogLine['stream'], line: string): void {
    this.observers.onLog?.({ functionName: this.name, requestId, stream, line });
  }
}
