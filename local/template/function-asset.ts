import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MissingAssetError } from './errors';
import type { ResolvedResource } from './resolve-assembly';

/** Where a function's bundled code is and which export to call. */
export interface FunctionCode {
  /** Absolute path of the module file (`index.mjs`, `index.js` or `index.cjs`). */
  readonly modulePath: string;
  /** The export named after the dot of `Handler` (`index.handler` -> `handler`). */
  readonly exportName: string;
}

const MODULE_EXTENSIONS = ['.mjs', '.js', '.cjs'];

/**
 * Finds the code of an `AWS::Lambda::Function` in the cloud assembly: the `aws:asset:path` metadata when the
 * CLI added it, else the asset manifest entry whose object key is the template's `Code.S3Key`.
 */
export function functionCodeOf(resource: ResolvedResource): FunctionCode {
  const fail = (message: string) => new MissingAssetError(resource.stackName, resource.logicalId, message);
  const runtime = resource.properties.Runtime;
  if (typeof runtime === 'string' && !runtime.startsWith('nodejs')) {
    throw fail(`runtime ${runtime} cannot run locally; only Node.js functions (nodejs*) are supported.`);
  }
  const code = (resource.properties.Code ?? {}) as Record<string, unknown>;
  let dir: string | undefined;
  const assetPath = resource.metadata['aws:asset:path'];
  if (typeof assetPath === 'string') dir = join(resource.stack.directory, assetPath);
  else if (typeof code.S3Key === 'string') dir = resource.stack.assetDirs.get(code.S3Key);
  if (dir === undefined) {
    throw fail(
      typeof code.ZipFile === 'string'
        ? 'inline code (Code.ZipFile) is not supported locally; bundle the function as an asset.'
        : `its code (${JSON.stringify(code)}) is not an asset of the cloud assembly. Synthesize with bundling enabled.`,
    );
  }
  const handler = typeof resource.properties.Handler === 'string' ? resource.properties.Handler : 'index.handler';
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) throw fail(`Handler ${JSON.stringify(handler)} must be <file>.<export>, e.g. index.handler.`);
  const base = join(dir, handler.slice(0, dot));
  const modulePath = MODULE_EXTENSIONS.map((ext) => base + ext).find((path) => existsSync(path));
  if (modulePath === undefined) {
    throw fail(`Handler ${handler}: none of ${MODULE_EXTENSIONS.map((ext) => base + ext).join(', ')} exists. Was bundling skipped?`);
  }
  return { modulePath, exportName: handler.slice(dot + 1) };
}
