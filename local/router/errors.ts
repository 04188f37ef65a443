/** Base of the errors of standing a CDK app up locally (synthesis and assembly of the local router). */
export class LocalRouterError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The CDK app could not be synthesized; carries its output so the user sees CDK's own message. */
export class SynthError extends LocalRouterError {}

/** The directory given as the CDK app has no usable cdk.json. */
export class NotACdkAppError extends LocalRouterError {}
