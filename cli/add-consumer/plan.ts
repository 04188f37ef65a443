import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findApp, type AppInfo } from './app-root';
import { consumerSpec, type AddConsumerInput, type ConsumerSpec } from './consumer-spec';
import { definitionSpecifier, listsNameInline, newConsumerList, registerInList } from './consumers-index';
import { definitionFile } from './definition-template';
import { ConsumerExistsError } from './errors';
import { fixtureEvent } from './fixture-event';
import { businessFile, entryFile } from './function-templates';
import { consumerIdentifiers } from './identifiers';
import type { TemplateContext } from './template-context';
import { testFile } from './test-template';

/**
 * What happens to one file: `create` and `update` write it; `unchanged` already holds exactly that;
 * `kept` is the user's edited version of a file of this same consumer, left as it is.
 */
export type FileAction = 'create' | 'update' | 'unchanged' | 'kept';

/** One file of the plan, its path relative to the app root. */
export interface PlannedFile {
  readonly path: string;
  readonly action: FileAction;
  /** The text the file has after the command (for `kept`, the generator's version, not written). */
  readonly content: string;
  /** The file's current text, when it exists. */
  readonly previous?: string;
}

/** Everything `add consumer` would do, decided before anything is written. */
export interface ConsumerPlan {
  readonly app: AppInfo;
  readonly spec: ConsumerSpec;
  readonly files: readonly PlannedFile[];
  /** Path of the generated unit test, relative to the app root. */
  readonly testPath: string;
  /** The local pattern engine confirms the consumer's pattern matches the fixture event. */
  readonly fixtureMatches: boolean;
  /** The consumer list did not exist and is created: the app's CDK code must build stacks from it. */
  readonly listCreated: boolean;
  /** Nothing to write: the consumer was added before with this same definition. */
  readonly upToDate: boolean;
}

/**
 * Checks the inputs and the app's files and returns what the command would write. Refuses (nothing
 * is written by anyone before this returns) a consumer that exists with a different definition, a
 * name already defined in the consumer list, and a file in the way that belongs to something else.
 * @throws AddConsumerError subclasses, each with a one-line message saying what to do.
 */
export function planConsumer(input: AddConsumerInput, cwd: string): ConsumerPlan {
  const spec = consumerSpec(input);
  const app = findApp(cwd);
  const ids = consumerIdentifiers(spec.name);
  const fixture = fixtureEvent(spec);
  const context: TemplateContext = { spec, ids, app, fixture: fixture.event };
  const read = (path: string) => (existsSync(join(app.root, path)) ? readFileSync(join(app.root, path), 'utf8') : undefined);

  const definitionPath = `consumers/${spec.name}.ts`;
  const definition = definitionFile(context);
  const existingDefinition = read(definitionPath);
  if (existingDefinition !== undefined && !sameText(existingDefinition, definition)) {
    throw new ConsumerExistsError(
      `consumer "${spec.name}" already exists with a different definition (${definitionPath}): change it in that file, or choose another name.`,
    );
  }
  const sameConsumer = existingDefinition !== undefined;

  const listPath = 'consumers/index.ts';
  const list = read(listPath);
  if (list !== undefined && !sameConsumer && listsNameInline(list, spec.name)) {
    throw new ConsumerExistsError(`a consumer named "${spec.name}" is already defined in ${listPath}: change it there, or choose another name.`);
  }
  const listFile: PlannedFile =
    list === undefined
      ? { path: listPath, action: 'create', content: newConsumerList(ids.definition, definitionSpecifier(spec.name, app.testRunner === 'node')) }
      : registered(list, registerInList(list, ids.definition, spec.name, listPath));

  const testPath = `test/functions/${spec.name}/${spec.name}.test.ts`;
  const generated: [string, string][] = [
    [`functions/${spec.name}/index.ts`, entryFile(context)],
    [`functions/${spec.name}/${spec.name}.ts`, businessFile(context)],
    [testPath, testFile(context)],
    [`test/functions/${spec.name}/event.json`, `${JSON.stringify(fixture.event, null, 2)}\n`],
  ];
  const files: PlannedFile[] = generated.map(([path, content]) => {
    const previous = read(path);
    if (previous === undefined) return { path, action: 'create', content };
    if (sameText(previous, content)) return { path, action: 'unchanged', content, previous };
    if (sameConsumer) return { path, action: 'kept', content, previous };
    throw new ConsumerExistsError(`${path} already exists and is not the new consumer's: move it away, or choose another consumer name.`);
  });
  const definitionPlanned: PlannedFile =
    existingDefinition === undefined ? { path: definitionPath, action: 'create', content: definition } : { path: definitionPath, action: 'unchanged', content: definition, previous: existingDefinition };
  const all = [definitionPlanned, listFile, ...files];
  return {
    app,
    spec,
    files: all,
    testPath,
    fixtureMatches: fixture.matches,
    listCreated: list === undefined,
    upToDate: all.every((f) => f.action === 'unchanged' || f.action === 'kept'),
  };
}

function registered(previous: string, registration: { registered: boolean; text: string }): PlannedFile {
  return { path: 'consumers/index.ts', action: registration.registered ? 'unchanged' : 'update', content: registration.text, previous };
}

/** Same text but for whitespace: a reformatted file still holds the same definition. */
function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}
