/** Base of every error the template layer throws: something in `cdk.out/` the local runtime cannot stand up. */
export class TemplateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The cloud assembly directory is missing, unreadable or not a CDK cloud assembly. */
export class AssemblyLoadError extends TemplateError {
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot load the cloud assembly at ${path}: ${message}`, options);
  }
}

/** A template declares a resource type the local runtime has no behaviour for and does not knowingly ignore. */
export class UnsupportedResourceTypeError extends TemplateError {
  constructor(
    readonly stackName: string,
    readonly logicalId: string,
    readonly resourceType: string,
  ) {
    super(
      `${stackName}/${logicalId}: resource type ${resourceType} is not supported by the local runtime. ` +
        'Supported and knowingly ignored types are listed in local/template/resource-types.ts; ' +
        'add the type there (with its local behaviour, or as a no-op if it has none) or remove it from the stack.',
    );
  }
}

/** An intrinsic function or reference cannot be resolved to a local value. */
export class IntrinsicResolutionError extends TemplateError {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
  }
}

/** A Lambda function's code cannot be found in the cloud assembly. */
export class MissingAssetError extends TemplateError {
  constructor(
    readonly stackName: string,
    readonly logicalId: string,
    message: string,
  ) {
    super(`${stackName}/${logicalId}: ${message}`);
  }
}
