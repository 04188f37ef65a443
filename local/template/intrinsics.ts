import { IntrinsicResolutionError } from './errors';

/** What intrinsic functions look things up in; `where` prefixes error messages. */
export interface IntrinsicContext {
  readonly where: string;
  /** `Ref` of a logical id or parameter (pseudo parameters are handled by the caller too). */
  ref(name: string, where: string): unknown;
  getAtt(logicalId: string, attribute: string, where: string): unknown;
  importValue(exportName: string, where: string): unknown;
  condition(name: string, where: string): boolean;
}

/** `AWS::NoValue`: removes the property or list element that holds it. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Resolves every intrinsic in `value` to a plain JSON value (`AWS::NoValue` entries removed). */
export function resolveIntrinsics(value: unknown, ctx: IntrinsicContext): unknown {
  const resolved = resolve(value, ctx, ctx.where);
  return resolved === NO_VALUE ? undefined : resolved;
}

function resolve(value: unknown, ctx: IntrinsicContext, where: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item, i) => resolve(item, ctx, `${where}[${i}]`)).filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0];
    // `Condition` is an intrinsic only with a condition name: IAM policies use the same key for an object.
    if (key === 'Ref' || (key === 'Condition' && typeof arg === 'string') || key.startsWith('Fn::')) {
      return intrinsic(key, arg, ctx, `${where}.${key}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const resolved = resolve(item, ctx, `${where}.${key}`);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

function intrinsic(fn: string, arg: unknown, ctx: IntrinsicContext, where: string): unknown {
  switch (fn) {
    case 'Ref':
      if (arg === 'AWS::NoValue') return NO_VALUE;
      return ctx.ref(expectString(arg, fn, where), where);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = typeof arg === 'string' ? splitOnce(arg, '.') : (resolve(arg, ctx, where) as unknown[]);
      return ctx.getAtt(expectString(logicalId, fn, where), expectString(attribute, fn, where), where);
    }
    case 'Fn::Join': {
      const [delimiter, list] = expectArray(arg, 2, fn, where);
      const items = expectArray(resolve(list, ctx, where), undefined, fn, where);
      return items.map((item) => scalar(item, fn, where)).join(expectString(delimiter, fn, where));
    }
    case 'Fn::Sub':
      return substitute(arg, ctx, where);
    case 'Fn::Select': {
      const [index, list] = expectArray(arg, 2, fn, where);
      const items = expectArray(resolve(list, ctx, where), undefined, fn, where);
      const i = Number(resolve(index, ctx, where));
      if (!Number.isInteger(i) || i < 0 || i >= items.length) {
        throw new IntrinsicResolutionError(where, `Fn::Select index ${String(index)} is outside the list of ${items.length}.`);
      }
      return items[i];
    }
    case 'Fn::Split': {
      const [delimiter, source] = expectArray(arg, 2, fn, where);
      return expectString(resolve(source, ctx, where), fn, where).split(expectString(delimiter, fn, where));
    }
    case 'Fn::ImportValue':
      return ctx.importValue(expectString(resolve(arg, ctx, where), fn, where), where);
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = expectArray(arg, 3, fn, where);
      return ctx.condition(expectString(condition, fn, where), where) ? resolve(whenTrue, ctx, where) : resolve(whenFalse, ctx, where);
    }
    case 'Fn::Equals': {
      const [a, b] = expectArray(arg, 2, fn, where);
      return JSON.stringify(resolve(a, ctx, where)) === JSON.stringify(resolve(b, ctx, where));
    }
    case 'Fn::Not':
      return !truthy(expectArray(arg, 1, fn, where)[0], ctx, where);
    case 'Fn::And':
      return expectArray(arg, undefined, fn, where).every((c) => truthy(c, ctx, where));
    case 'Fn::Or':
      return expectArray(arg, undefined, fn, where).some((c) => truthy(c, ctx, where));
    case 'Condition':
      return ctx.condition(expectString(arg, fn, where), where);
    case 'Fn::GetAZs':
      return ['a', 'b', 'c'].map((zone) => `${String(ctx.ref('AWS::Region', where))}${zone}`);
    case 'Fn::Base64':
      return Buffer.from(expectString(resolve(arg, ctx, where), fn, where), 'utf8').toString('base64');
    case 'Fn::ToJsonString': {
      const resolved = resolve(arg, ctx, where);
      return typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
    }
    default:
      throw new IntrinsicResolutionError(where, `intrinsic function ${fn} is not supported by the local runtime.`);
  }
}

/** `Fn::Sub` in both forms: a string, or `[string, { variable: value }]`. */
function substitute(arg: unknown, ctx: IntrinsicContext, where: string): string {
  const [template, variables] = Array.isArray(arg) ? expectArray(arg, 2, 'Fn::Sub', where) : [arg, {}];
  const text = expectString(template, 'Fn::Sub', where);
  const vars = resolve(variables ?? {}, ctx, where) as Record<string, unknown>;
  return text.replace(/\$\{(!?)([^}]*)\}/g, (_match, literal: string, name: string) => {
    if (literal === '!') return `\${${name}}`;
    const key = name.trim();
    if (Object.hasOwn(vars, key)) return scalar(vars[key], 'Fn::Sub', where);
    const dot = key.indexOf('.');
    if (dot > 0 && !key.startsWith('AWS::')) return scalar(ctx.getAtt(key.slice(0, dot), key.slice(dot + 1), where), 'Fn::Sub', where);
    return scalar(ctx.ref(key, where), 'Fn::Sub', where);
  });
}

function truthy(condition: unknown, ctx: IntrinsicContext, where: string): boolean {
  const value = resolve(condition, ctx, where);
  if (typeof value !== 'boolean') throw new IntrinsicResolutionError(where, `a condition must be a boolean; got ${JSON.stringify(value)}.`);
  return value;
}

function splitOnce(value: string, separator: string): [string, string] {
  const at = value.indexOf(separator);
  return at < 0 ? [value, ''] : [value.slice(0, at), value.slice(at + 1)];
}

function scalar(value: unknown, fn: string, where: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new IntrinsicResolutionError(where, `${fn} needs a string, number or boolean here; got ${JSON.stringify(value)}.`);
}

function expectString(value: unknown, fn: string, where: string): string {
  if (typeof value === 'string') return value;
  throw new IntrinsicResolutionError(where, `${fn} needs a string here; got ${JSON.stringify(value)}.`);
}

function expectArray(value: unknown, length: number | undefined, fn: string, where: string): unknown[] {
  if (Array.isArray(value) && (length === undefined || value.length === length)) return value;
  const shape = length === undefined ? 'a list' : `a list of ${length}`;
  throw new IntrinsicResolutionError(where, `${fn} needs ${shape}; got ${JSON.stringify(value)}.`);
}
