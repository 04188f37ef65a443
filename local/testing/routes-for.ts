import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { consumerOfRuleDescription } from '../../runtime/contract';
import { InvalidEventPatternError, RuleSet } from '../eventbridge';
import { RoutesSourceError } from './errors';

/** Where the consumers' rules come from: a synthesized `cdk.out`, a CDK App, or templates. */
export type RoutesSource = { readonly cdkOut: string } | { readonly app: App } | { readonly templates: readonly object[] };

/** A consumer rule found in a template. */
export interface ConsumerRule {
  readonly consumer: string;
  /** Logical id of the `AWS::Events::Rule`. */
  readonly logicalId: string;
  readonly eventPattern: unknown;
}

/** The consumer rules of an app, compiled once; `for(event)` answers which consumers get the event. */
export interface Routes {
  readonly rules: readonly ConsumerRule[];
  /** Names of the consumers whose rules match the event (JSON text or object), sorted by name. */
  for(event: unknown): string[];
}

interface TemplateResource {
  readonly Type?: string;
  readonly Properties?: { readonly Description?: unknown; readonly EventPattern?: unknown; readonly State?: unknown };
}

/** Consumer rules of CloudFormation templates: enabled `AWS::Events::Rule`s described `event-router consumer: <name>`. */
export function consumerRules(templates: readonly object[]): ConsumerRule[] {
  const rules: ConsumerRule[] = [];
  for (const template of templates) {
    const resources = (template as { Resources?: Record<string, TemplateResource> }).Resources ?? {};
    for (const [logicalId, resource] of Object.entries(resources)) {
      const consumer = resource.Type === 'AWS::Events::Rule' ? consumerOfRuleDescription(resource.Properties?.Description) : undefined;
      if (consumer === undefined) continue;
      if (resource.Properties?.State === 'DISABLED') continue;
      const pattern = resource.Properties?.EventPattern;
      if (pattern === undefined) continue;
      rules.push({ consumer, logicalId, eventPattern: pattern });
    }
  }
  return rules;
}

function templatesOfCdkOut(dir: string): object[] {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new RoutesSourceError(`${dir} has no manifest.json: point cdkOut at the directory \`cdk synth\` wrote (e.g. cdk.out).`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    artifacts?: Record<string, { type?: string; properties?: { templateFile?: string } }>;
  };
  const files = Object.values(manifest.artifacts ?? {})
    .filter((a) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile !== undefined)
    .map((a) => a.properties?.templateFile as string);
  // Nested assemblies (stages) keep their own manifests; plain apps list every stack here.
  const found = files.length > 0 ? files : readdirSync(dir).filter((f) => f.endsWith('.template.json'));
  return found.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as object);
}

const appTemplates = new WeakMap<App, object[]>();

function templatesOf(source: RoutesSource): readonly object[] {
  if ('templates' in source) return source.templates;
  if ('cdkOut' in source) return templatesOfCdkOut(source.cdkOut);
  let templates = appTemplates.get(source.app);
  if (templates === undefined) {
    templates = source.app.synth().stacks.map((stack) => stack.template as object);
    appTemplates.set(source.app, templates);
  }
  return templates;
}

/**
 * Reads the consumer rules of an app once. Use it in tests that route many events:
 * `const routes = loadRoutes({ cdkOut: 'cdk.out' }); expect(routes.for(event)).toEqual([...])`.
 */
export function loadRoutes(source: RoutesSource): Routes {
  const rules = consumerRules(templatesOf(source));
  let set: RuleSet;
  try {
    set = new RuleSet(rules.map((r) => ({ name: r.consumer, pattern: r.eventPattern })));
  } catch (error) {
    if (error instanceof InvalidEventPatternError) {
      throw new RoutesSourceError(
        `The rule of consumer ${error.ruleName ?? '?'} has a pattern EventBridge would reject: ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
  return {
    rules,
    // Sorted, so the answer does not depend on the order stacks were synthesized or listed in.
    for: (event) => [...new Set(set.match(event))].sort(),
  };
}

/**
 * The consumers whose rules match an event, decided as EventBridge decides, without AWS:
 * `routesFor({ source: 'orders-service', 'detail-type': 'OrderPlaced', detail }, { app })`.
 */
export function routesFor(event: unknown, source: RoutesSource): string[] {
  return loadRoutes(source).for(event);
}
