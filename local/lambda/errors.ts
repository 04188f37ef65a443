/** What Lambda reports for a failed invocation: `{ errorType, errorMessage, trace }`. */
export interface LambdaErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

/** Base of the errors the Lambda runner throws. */
export class LambdaRunnerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An invocation failed (`X-Amz-Function-Error: Unhandled`): the handler threw, timed out or its worker died. */
export class FunctionInvocationError extends LambdaRunnerError {
  constructor(
    readonly functionName: string,
    readonly requestId: string,
    readonly payload: LambdaErrorPayload,
  ) {
    super(`${functionName} (request ${requestId}) failed: ${payload.errorType}: ${payload.errorMessage}`);
  }
}

/** The invocation ran past the function's `Timeout`; its worker was terminated, as Lambda ends the sandbox. */
export class FunctionTimeoutError extends FunctionInvocationError {
  constructor(functionName: string, requestId: string, timeoutSeconds: number, phase: 'invoke' | 'init' = 'invoke') {
    super(functionName, requestId, {
      errorType: 'Sandbox.Timedout',
      errorMessage:
        phase === 'init'
          ? `Init phase timed out after ${timeoutSeconds.toFixed(2)} seconds: the module's top-level code did not finish`
          : `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
      trace: [],
    });
  }
}

/** The function was stopped (runtime shutting down) while an invocation waited or ran. */
export class FunctionStoppedError extends LambdaRunnerError {
  constructor(readonly functionName: string) {
    super(`${functionName} was stopped; the invocation did not complete.`);
  }
}
