// Runs inside a worker_threads Worker: loads one function's bundled handler and runs one invocation at a
// time, like a Lambda execution environment. Plain JavaScript so it runs without a TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { modulePath, exportName } = workerData;

// Output goes through the same channel as results, so every line an invocation printed (its EMF metrics
// included) reaches the runtime before the invocation's result does.
for (const name of ['stdout', 'stderr']) {
  process[name].write = function write(chunk, encoding, callback) {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
    parentPort.postMessage({ type: 'output', stream: name, text });
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => done());
    return true;
  };
}
let handlerPromise;

function errorPayload(error, fallbackType) {
  if (error instanceof Error) {
    return {
      errorType: error.name && error.name !== 'Error' ? error.name : (error.constructor?.name ?? fallbackType),
      errorMessage: error.message,
      trace: String(error.stack ?? '').split('\n'),
    };
  }
  return { errorType: fallbackType, errorMessage: typeof error === 'string' ? error : JSON.stringify(error), trace: [] };
}

async function loadHandler() {
  let mod;
  try {
    mod = await import(pathToFileURL(modulePath).href);
  } catch (error) {
    // As the Node.js runtime reports init failures: a missing module or a syntax error get Runtime.* types,
    // an error thrown by the module's top-level code keeps its own.
    const payload = errorPayload(error, 'Error');
    const errorType =
      error?.code === 'ERR_MODULE_NOT_FOUND'
        ? 'Runtime.ImportModuleError'
        : error instanceof SyntaxError
          ? 'Runtime.UserCodeSyntaxError'
          : payload.errorType;
    throw Object.assign(new Error(payload.errorMessage), { lambdaError: { ...payload, errorType } });
  }
  const handler = mod[exportName] ?? mod.default?.[exportName];
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${exportName} is undefined or not exported`), {
      lambdaError: { errorType: 'Runtime.HandlerNotFound', errorMessage: `${modulePath.split('/').pop()}.${exportName} is undefined or not exported`, trace: [] },
    });
  }
  return handler;
}

function contextOf(spec) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: spec.functionName,
    functionVersion: spec.functionVersion,
    invokedFunctionArn: spec.invokedFunctionArn,
    memoryLimitInMB: spec.memoryLimitInMB,
    awsRequestId: spec.awsRequestId,
    logGroupName: spec.logGroupName,
    logStreamName: spec.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, spec.deadlineMs - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

async function invoke(handler, event, context) {
  // Callback-style handlers (event, context, callback) resolve through the callback, as the Node runtime does.
  if (handler.length >= 3) {
    return new Promise((resolve, reject) => {
      const maybe = handler(event, context, (error, result) => (error ? reject(error) : resolve(result)));
      if (maybe && typeof maybe.then === 'function') maybe.then(resolve, reject);
    });
  }
  return handler(event, context);
}

parentPort.on('message', async (message) => {
  if (message.type === 'load') {
    // Pre-warming: run the module's init code now, as provisioned concurrency does.
    try {
      handlerPromise ??= loadHandler();
      await handlerPromise;
      parentPort.postMessage({ type: 'result', id: message.id, result: null });
    } catch (error) {
      parentPort.postMessage({ type: 'error', id: message.id, error: error?.lambdaError ?? errorPayload(error, 'Error') });
    }
    return;
  }
  if (message.type !== 'invoke') return;
  const { id, event, context, crash } = message;
  try {
    handlerPromise ??= loadHandler();
    const handler = await handlerPromise;
    // The function's Timeout runs from here: Lambda times the init phase separately.
    parentPort.postMessage({ type: 'started', id });
    // An injected crash (--faults crash) ends the thread as a killed execution environment: no result, no error.
    if (crash?.point === 'before-handler') process.exit(137);
    if (crash?.point === 'during-handler') setTimeout(() => process.exit(137), crash.delayMs);
    const result = await invoke(handler, event, contextOf({ ...context, deadlineMs: Date.now() + context.timeoutMs }));
    if (crash !== undefined) process.exit(137);
    // Lambda serializes the result as JSON; undefined becomes null.
    parentPort.postMessage({ type: 'result', id, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (error) {
    // A crashing environment reports nothing, whatever the handler did.
    if (crash !== undefined) process.exit(137);
    parentPort.postMessage({ type: 'error', id, error: error?.lambdaError ?? errorPayload(error, 'Error') });
  }
});
