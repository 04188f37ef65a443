import { InvalidEventPatternError, JsonSyntaxError } from './errors';
import type { LeafValue } from './event-leaves';
import { ipInRange, ipLiteralRange, parseCidr } from './ip-address';
import { MAX_JSON_NESTING_DEPTH, nestingDepthMessage, valueDepth } from './json-depth';
import { jacksonLocation, orderedKeys, parseJsonLikeJackson } from './json-text';
import { caseFold } from './case-fold';
import { compileWildcard } from './wildcard';

/** A test one event scalar either passes or fails. */
export type ValueTest = (value: LeafValue) => boolean;

/** What one pattern field asks of the event: any of `tests` on a value at `path`, or absence. */
export interface FieldCondition {
  readonly path: string;
  /** Alternatives (the pattern array is an OR); each is tried against every value at the path. */
  readonly tests: readonly ValueTest[];
  /** `{"exists": false}` is among the alternatives: the field may also be missing. */
  readonly matchesAbsent: boolean;
  /**
   * Index keys when every alternative is an exact value (see `valueKey`) or an `equals-ignore-case`
   * (see `foldedKey`); undefined when any alternative needs its test run.
   */
  readonly exactKeys: readonly string[] | undefined;
}

/** One conjunction of field conditions; a pattern with `$or` compiles to several. */
export type Branch = ReadonlyMap<string, FieldCondition>;

/** The key exact matching uses for an event scalar: equal keys, equal values (300 and 300.0 alike). */
export function valueKey(value: LeafValue): string {
  if (typeof value === 'string') return 's' + value;
  if (typeof value === 'number') return 'n' + String(value);
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  return 'Z';
}

/** The key an `equals-ignore-case` operand, or an event string looked up case-insensitively, indexes under. */
export function foldedKey(value: string): string {
  return 'i' + caseFold(value);
}

const OR = '$or';
const RESERVED_IN_OR = new Set([
  'exactly', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr',
  '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case', 'date-after', 'date-on-or-after',
  'date-before', 'date-on-or-before', 'in-date-range', 'ip-address-in-range', 'ip-address-not-in-range',
]);

type Rules = Map<string, FieldCondition>[];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isScalar = (v: unknown): v is LeafValue =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Jackson's getText() of a token, as event-ruler quotes it in messages. */
function tokenText(v: unknown): string {
  if (v === undefined) return ']';
  if (Array.isArray(v)) return '[';
  if (isObject(v)) return '{';
  return String(v);
}

/**
 * Parses (when given text) and compiles an event pattern into branches, with event-ruler's checks in
 * event-ruler's order so the first problem reported is the one AWS reports.
 */
export function compileBranches(pattern: unknown): Branch[] {
  let root = pattern;
  if (typeof pattern === 'string') {
    let parsed: ReturnType<typeof parseJsonLikeJackson>;
    try {
      parsed = parseJsonLikeJackson(pattern);
    } catch (error) {
      if (error instanceof JsonSyntaxError) {
        throw new InvalidEventPatternError(error.reason, { location: error.location, cause: error });
      }
      throw error;
    }
    if (!isObject(parsed.value)) {
      throw new InvalidEventPatternError('Filter is not an object', { location: jacksonLocation(pattern, parsed.endOffset) });
    }
    root = parsed.value;
  }
  if (!isObject(root)) throw new InvalidEventPatternError('Filter is not an object');
  // A pattern given as an object skipped the reader's cap; compiling recurses once per level.
  const depth = valueDepth(root, MAX_JSON_NESTING_DEPTH);
  if (depth > MAX_JSON_NESTING_DEPTH) throw new InvalidEventPatternError(nestingDepthMessage(depth));
  const rules: Rules = [];
  parseObject(rules, [], root, false);
  return rules;
}

function joinPath(steps: readonly string[], name: string): string {
  return steps.length === 0 ? name : `${steps.join('.')}.${name}`;
}

function parseObject(rules: Rules, steps: string[], obj: Record<string, unknown>, insideOr: boolean): void {
  const keys = orderedKeys(obj);
  if (keys.length === 0) throw new InvalidEventPatternError('Empty objects are not allowed', { path: steps.join('.') });
  for (const key of keys) {
    if (key === OR) {
      parseOr(rules, steps, obj[key]);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) {
      throw new InvalidEventPatternError(`${key} is Ruler reserved fieldName which cannot be used inside $or.`, {
        path: joinPath(steps, key),
      });
    }
    const value = obj[key];
    if (isObject(value)) {
      parseObject(rules, [...steps, key], value, insideOr);
    } else if (Array.isArray(value)) {
      writeField(rules, joinPath(steps, key), value);
    } else {
      throw new InvalidEventPatternError(`"${key}" must be an object or an array`, { path: joinPath(steps, key) });
    }
  }
}

function parseOr(rules: Rules, steps: string[], value: unknown): void {
  const current = rules.map((r) => new Map(r));
  rules.length = 0;
  const path = steps.join('.');
  if (!Array.isArray(value)) throw new InvalidEventPatternError('It must be an Array followed with $or.', { path });
  for (const element of value) {
    if (!isObject(element)) {
      throw new InvalidEventPatternError('Only JSON object is allowed in array of $or relationship.', { path });
    }
    const branch = current.map((r) => new Map(r));
    if (branch.length === 0) branch.push(new Map());
    parseObject(branch, steps, element, true);
    rules.push(...branch);
  }
  if (value.length < 2) {
    throw new InvalidEventPatternError('There must have at least 2 Objects in $or relationship.', { path });
  }
}

function writeField(rules: Rules, path: string, values: unknown[]): void {
  const tests: ValueTest[] = [];
  let matchesAbsent = false;
  let exactKeys: string[] | undefined = [];
  for (const v of values) {
    if (isObject(v)) {
      const compiled = compileMatchExpression(v, path);
      if (compiled === ABSENT) matchesAbsent = true;
      else tests.push(compiled);
      const operand = v['equals-ignore-case'];
      if (typeof operand === 'string' && orderedKeys(v).length === 1) exactKeys?.push(foldedKey(operand));
      else exactKeys = undefined;
    } else if (typeof v === 'string') {
      const ip = ipLiteralRange(v);
      if (ip !== undefined) {
        tests.push((x) => typeof x === 'string' && ipInRange(ip, x));
        exactKeys = undefined;
      } else {
        tests.push((x) => x === v);
        exactKeys?.push(valueKey(v));
      }
    } else if (typeof v === 'number') {
      tests.push((x) => x === v);
      exactKeys?.push(valueKey(v));
    } else if (isScalar(v)) {
      tests.push((x) => x === v);
      exactKeys?.push(valueKey(v));
    } else {
      throw new InvalidEventPatternError('Match value must be String, number, true, false, or null', { path });
    }
  }
  if (values.length === 0) throw new InvalidEventPatternError('Empty arrays are not allowed', { path });
  if (rules.length === 0) rules.push(new Map());
  const condition: FieldCondition = { path, tests, matchesAbsent, exactKeys };
  for (const rule of rules) rule.set(path, condition);
}

/** Marker for `{"exists": false}`, which no value satisfies but absence does. */
const ABSENT = Symbol('absent');

function compileMatchExpression(expr: Record<string, unknown>, path: string): ValueTest | typeof ABSENT {
  const keys = orderedKeys(expr);
  const fail = (reason: string): never => {
    throw new InvalidEventPatternError(reason, { path });
  };
  if (keys.length === 0) fail('Match expression name not found');
  const [op, ...rest] = keys as [string, ...string[]];
  const operand = expr[op];
  const onlyOneKey = (): void => {
    if (rest.length > 0) fail('Only one key allowed in match expression');
  };
  const tooManyElements = (): void => {
    if (rest.length > 0) fail('Too many elements in numeric expression');
  };
  switch (op) {
    case 'exactly': {
      if (typeof operand !== 'string') fail('exact match pattern must be a string');
      onlyOneKey();
      return (x) => x === operand;
    }
    case 'prefix':
    case 'suffix': {
      const isPrefix = op === 'prefix';
      if (isObject(operand)) {
        const inner = orderedKeys(operand);
        if (inner.length === 0) fail(isPrefix ? 'Prefix expression name not found' : 'Suffix expression name not found');
        const innerOp = inner[0] as string;
        if (innerOp !== 'equals-ignore-case') fail(`Unsupported ${op} pattern: ${innerOp}`);
        const text = operand[innerOp];
        if (typeof text !== 'string') fail('equals-ignore-case match pattern must be a string');
        if (inner.length > 1) fail('Only one key allowed in match expression');
        onlyOneKey();
        const folded = caseFold(text as string);
        return isPrefix
          ? (x) => typeof x === 'string' && caseFold(x).startsWith(folded)
          : (x) => typeof x === 'string' && caseFold(x).endsWith(folded);
      }
      if (typeof operand !== 'string') fail(`${op} match pattern must be a string`);
      onlyOneKey();
      const text = operand as string;
      return isPrefix ? (x) => typeof x === 'string' && x.startsWith(text) : (x) => typeof x === 'string' && x.endsWith(text);
    }
    case 'equals-ignore-case': {
      if (typeof operand !== 'string') fail('equals-ignore-case match pattern must be a string');
      onlyOneKey();
      const folded = caseFold(operand as string);
      return (x) => typeof x === 'string' && caseFold(x) === folded;
    }
    case 'wildcard': {
      if (typeof operand !== 'string') fail('wildcard match pattern must be a string');
      const matches = compileWildcard(operand as string, path);
      onlyOneKey();
      return (x) => typeof x === 'string' && matches(x);
    }
    case 'numeric': {
      if (!Array.isArray(operand)) fail('Value of numeric must be an array.');
      const test = compileNumeric(operand as unknown[], path);
      tooManyElements();
      return test;
    }
    case 'anything-but': {
      const test = compileAnythingBut(operand, path);
      tooManyElements();
      return test;
    }
    case 'exists': {
      if (operand !== true && operand !== false) fail('exists match pattern must be either true or false.');
      onlyOneKey();
      return operand === true ? () => true : ABSENT;
    }
    case 'cidr': {
      // event-ruler's message for a non-string CIDR says "prefix"; AWS returns it as is.
      if (typeof operand !== 'string') fail('prefix match pattern must be a string');
      const range = parseCidr(operand as string, path);
      onlyOneKey();
      return (x) => typeof x === 'string' && ipInRange(range, x);
    }
    default:
      return fail(`Unrecognized match type ${op}`);
  }
}

function compileNumeric(terms: unknown[], path: string): ValueTest {
  const fail = (reason: string): never => {
    throw new InvalidEventPatternError(reason, { path });
  };
  const first = terms[0];
  if (typeof first !== 'string') fail(`Invalid member in numeric match: ${tokenText(first)}`);
  const operator = first as string;
  const numberAt = (i: number, label: string): number => {
    const v = terms[i];
    if (typeof v !== 'number') fail(`Value of ${label} must be numeric`);
    return v as number;
  };
  const isNum = (x: LeafValue): x is number => typeof x === 'number';
  switch (operator) {
    case '=': {
      const v = numberAt(1, 'equals');
      if (terms.length > 2) fail('Too many elements in numeric expression');
      return (x) => isNum(x) && x === v;
    }
    case '<=':
    case '<': {
      const top = numberAt(1, operator);
      if (terms.length > 2) fail('Too many elements in numeric expression');
      return operator === '<' ? (x) => isNum(x) && x < top : (x) => isNum(x) && x <= top;
    }
    case '>=':
    case '>': {
      const bottom = numberAt(1, operator);
      const openBottom = operator === '>';
      const above = (x: number): boolean => (openBottom ? x > bottom : x >= bottom);
      if (terms.length === 2) return (x) => isNum(x) && above(x);
      const upper = terms[2];
      if (typeof upper !== 'string') fail(`Bad value in numeric range: ${tokenText(upper)}`);
      if (upper !== '<' && upper !== '<=') fail(`Bad numeric range operator: ${String(upper)}`);
      const top = numberAt(3, upper as string);
      if (terms.length > 4) fail('Too many terms in numeric range expression');
      const openTop = upper === '<';
      return (x) => isNum(x) && above(x) && (openTop ? x < top : x <= top);
    }
    default:
      return fail(`Unrecognized numeric range operator: ${operator}`);
  }
}

function compileAnythingBut(operand: unknown, path: string): ValueTest {
  const fail = (reason: string): never => {
    throw new InvalidEventPatternError(reason, { path });
  };
  let kind: 'plain' | 'equals-ignore-case' | 'prefix' | 'suffix' | 'wildcard' = 'plain';
  let value = operand;
  let extraInnerKeys = false;
  if (isObject(operand)) {
    const inner = orderedKeys(operand);
    if (inner.length === 0) fail('Anything-But expression name not found');
    const innerOp = inner[0] as string;
    if (
      innerOp !== 'equals-ignore-case' &&
      innerOp !== 'prefix' &&
      innerOp !== 'suffix' &&
      innerOp !== 'wildcard'
    ) {
      fail(`Unsupported anything-but pattern: ${innerOp}`);
    }
    kind = innerOp as typeof kind;
    value = operand[innerOp];
    extraInnerKeys = inner.length > 1;
  }
  if (!Array.isArray(value) && typeof value !== 'string' && typeof value !== 'number') {
    fail('Value of anything-but must be an array or single string/number value.');
  }
  const list = Array.isArray(value) ? value : [value];
  let test: ValueTest;
  if (kind === 'plain') {
    let hasNumber = false;
    let hasString = false;
    for (const v of list) {
      if (typeof v === 'string') hasString = true;
      else if (typeof v === 'number') hasNumber = true;
      else fail(Array.isArray(value) ? 'Inside anything but list, start|null|boolean is not supported.' : 'Inside anything-but list, start|null|boolean is not supported.');
    }
    if (Array.isArray(value) && hasNumber === hasString) {
      fail('Inside anything but list, either all values are number or string, mixed type is not supported');
    }
    const excluded = new Set(list as (string | number)[]);
    test = hasNumber ? (x) => !(typeof x === 'number' && excluded.has(x)) : (x) => !(typeof x === 'string' && excluded.has(x));
  } else {
    const texts: string[] = [];
    for (const v of list) {
      if (typeof v !== 'string') {
        if (kind === 'equals-ignore-case') {
          fail('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
        }
        fail(kind === 'wildcard' ? 'wildcard match pattern must be a string' : 'prefix/suffix match pattern must be a string');
      }
      if ((kind === 'prefix' || kind === 'suffix') && v === '') fail('Null prefix/suffix not allowed');
      texts.push(v as string);
    }
    if (kind === 'equals-ignore-case') {
      const folded = new Set(texts.map(caseFold));
      test = (x) => !(typeof x === 'string' && folded.has(caseFold(x)));
    } else if (kind === 'prefix') {
      test = (x) => !(typeof x === 'string' && texts.some((t) => x.startsWith(t)));
    } else if (kind === 'suffix') {
      test = (x) => !(typeof x === 'string' && texts.some((t) => x.endsWith(t)));
    } else {
      const wildcards = texts.map((t) => compileWildcard(t, path));
      test = (x) => !(typeof x === 'string' && wildcards.some((w) => w(x)));
    }
  }
  if (extraInnerKeys) fail('Too many elements in numeric expression');
  return test;
}
