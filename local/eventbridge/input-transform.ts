import { InvalidTargetInputError } from './errors';
import { readJsonPath } from './json-path';

/** The input settings of a rule target (as in PutTargets / CloudFormation). */
export interface TargetInput {
  readonly Id?: string;
  /** Constant JSON text sent instead of the event. */
  readonly Input?: string;
  /** JSONPath of the part of the event to send. */
  readonly InputPath?: string;
  readonly InputTransformer?: {
    readonly InputPathsMap?: Readonly<Record<string, string>>;
    readonly InputTemplate: string;
  };
}

/** Values of the predefined `<aws.events.*>` placeholders. */
export interface TargetContext {
  readonly ruleArn?: string;
  readonly ruleName?: string;
  /** When the bus took the event in. @default the event's `time` */
  readonly ingestionTime?: string;
}

const PLACEHOLDER = /<([A-Za-z0-9_.\-]+)>/g;
const PREDEFINED = [
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event.ingestion-time',
  'aws.events.event',
  'aws.events.event.json',
];

/**
 * Checks a target's input settings as PutTargets does: at most one of Input, InputPath and
 * InputTransformer, and every template placeholder defined. Throws `InvalidTargetInputError`.
 */
export function validateTargetInput(target: TargetInput): void {
  const id = target.Id ?? '<target>';
  const set = [target.Input, target.InputPath, target.InputTransformer].filter((v) => v !== undefined);
  if (set.length > 1) {
    throw new InvalidTargetInputError(`Only one of Input, InputPath, or InputTransformer must be provided for target ${id}.`);
  }
  const transformer = target.InputTransformer;
  if (transformer === undefined) return;
  const defined = new Set([...Object.keys(transformer.InputPathsMap ?? {}), ...PREDEFINED]);
  for (const match of transformer.InputTemplate.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (!defined.has(name)) {
      throw new InvalidTargetInputError(`InputTemplate for target ${id} contains invalid placeholder ${name}.`);
    }
  }
}

/**
 * The body a target receives for an event, as EventBridge builds it: the event itself (JSON), the
 * constant Input, the part at InputPath, or the InputTemplate filled from InputPathsMap. Returns
 * undefined when AWS delivers nothing: InputPath resolving to nothing, or a JSON template whose
 * result is not valid JSON (AWS drops those silently).
 */
export function applyTarget(target: TargetInput, delivered: object, context: TargetContext = {}): string | undefined {
  validateTargetInput(target);
  const event = delivered as Record<string, unknown>;
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) {
    const value = readJsonPath(event, target.InputPath);
    return value === undefined ? undefined : JSON.stringify(value);
  }
  if (target.InputTransformer !== undefined) return transform(target.InputTransformer, event, context);
  return JSON.stringify(event);
}

function predefinedValue(name: string, event: Record<string, unknown>, context: TargetContext): unknown {
  const ingestionTime = context.ingestionTime ?? event.time;
  switch (name) {
    case 'aws.events.rule-arn':
      return context.ruleArn;
    case 'aws.events.rule-name':
      return context.ruleName;
    case 'aws.events.event.ingestion-time':
      return ingestionTime;
    case 'aws.events.event.json':
      return event;
    case 'aws.events.event':
      // AWS's shape for this one: the envelope without detail, `detailType` spelled in camel case.
      return {
        id: event.id,
        account: event.account,
        detailType: event['detail-type'],
        time: ingestionTime,
        source: event.source,
        region: event.region,
        resources: event.resources,
        version: event.version,
      };
    default:
      return undefined;
  }
}

function transform(
  transformer: NonNullable<TargetInput['InputTransformer']>,
  event: Record<string, unknown>,
  context: TargetContext,
): string | undefined {
  const paths = transformer.InputPathsMap ?? {};
  const valueOf = (name: string): unknown =>
    Object.prototype.hasOwnProperty.call(paths, name)
      ? readJsonPath(event, paths[name] as string)
      : predefinedValue(name, event, context);
  const template = transformer.InputTemplate;
  const jsonTemplate = /^\s*[{[]/.test(template);
  if (!jsonTemplate) {
    return template.replace(PLACEHOLDER, (_m, name: string) => plainText(valueOf(name)));
  }
  const inString = stringRegions(template);
  const out = template.replace(PLACEHOLDER, (_m, name: string, offset: number) => {
    const value = valueOf(name);
    if (inString(offset)) {
      if (value === undefined) return '';
      return typeof value === 'string' ? JSON.stringify(value).slice(1, -1) : JSON.stringify(value);
    }
    return value === undefined ? '""' : JSON.stringify(value);
  });
  try {
    JSON.parse(out);
  } catch {
    return undefined;
  }
  return out;
}

/** How AWS writes a value into a text (non-JSON) template: no quotes anywhere, e.g. `{a:1,b:[x,y]}`. */
function plainText(value: unknown): string {
  if (value === undefined || value === null) return value === null ? 'null' : '';
  if (Array.isArray(value)) return `[${value.map(plainText).join(',')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}:${plainText(v)}`).join(',')}}`;
  }
  return String(value);
}

/** A predicate telling whether a template offset lies inside a JSON string literal. */
function stringRegions(template: string): (offset: number) => boolean {
  const inside = new Uint8Array(template.length);
  let open = false;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (open && ch === '\\') {
      inside[i] = 1;
      inside[i + 1] = 1;
      i++;
      continue;
    }
    if (ch === '"') {
      open = !open;
      continue;
    }
    if (open) inside[i] = 1;
  }
  return (offset) => inside[offset] === 1;
}
