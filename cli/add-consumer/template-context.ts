import type { AppInfo } from './app-root';
import type { ConsumerSpec } from './consumer-spec';
import type { ConsumerIdentifiers } from './identifiers';

/** Everything the file templates read: the checked inputs and how the app runs its code and tests. */
export interface TemplateContext {
  readonly spec: ConsumerSpec;
  readonly ids: ConsumerIdentifiers;
  readonly app: Pick<AppInfo, 'esm' | 'testRunner'>;
  /** The fixture event the test feeds the handler. */
  readonly fixture: Readonly<Record<string, unknown>>;
}

/** How a relative import names a TypeScript file: `./x` (bundlers, tsx, ts-jest) or `./x.ts` (`node --test` strips types only). */
export function relativeImport(context: TemplateContext, specifier: string): string {
  return context.app.testRunner === 'node' ? `${specifier}.ts` : specifier;
}
