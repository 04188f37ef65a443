import { relativeImport, type TemplateContext } from './template-context';
import { quote, tsLiteral } from './ts-literal';

/** `functions/<name>/index.ts`: the Lambda entry, thin: the business function inside `fifoConsumer` with DynamoDB dedupe. */
export function entryFile(context: TemplateContext): string {
  const { spec, ids } = context;
  const options = spec.transactional
    ? "{ tableName: process.env['STATE_TABLE_NAME'] ?? '' }"
    : '{\n    // Replace with the effect of this consumer (an API call, a message, a write).\n    apply: async (work) => console.info(JSON.stringify({ applied: work })),\n  }';
  return [
    "import { fifoConsumer } from 'event-router/runtime';",
    `import { create${ids.pascal}Handler } from '${relativeImport(context, `./${spec.name}`)}';`,
    '',
    '/**',
    ` * Lambda entry of the ${spec.name} consumer: each event of its FIFO queue handled once per eventId,`,
    ' * deduplicated in DynamoDB (the table and the consumer name come from DEDUPE_TABLE_NAME and',
    ' * CONSUMER_NAME, which its stack sets); ordered consumers also apply each entity\'s events in sequence.',
    ' */',
    'export const handler = fifoConsumer({',
    `  handler: create${ids.pascal}Handler(${options}),`,
    '  dedupe: {},',
    '});',
    '',
  ].join('\n');
}

/** `functions/<name>/<name>.ts`: the business function, an `EventHandler` the unit test calls directly. */
export function businessFile(context: TemplateContext): string {
  return context.spec.transactional ? transactionalBusinessFile(context) : directBusinessFile(context);
}

/** How the generated code reads the ordering key from a ConsumedEvent (`valueAt(event.detail, ['data', 'orderId'])`). */
function keyExpression(orderBy: string): string {
  const [top, ...rest] = orderBy.slice(2).split('.');
  if (top === 'detail') return `valueAt(event.detail, ${tsLiteral(rest)})`;
  return `valueAt(event, ${tsLiteral([top === 'detail-type' ? 'detailType' : top, ...rest])})`;
}

const VALUE_AT = [
  '',
  '/** The value at `path` in `value`, or undefined when a step is missing. */',
  'function valueAt(value: unknown, path: readonly string[]): unknown {',
  '  return path.reduce<unknown>((node, step) => (node !== null && typeof node === \'object\' ? (node as Record<string, unknown>)[step] : undefined), value);',
  '}',
];

function directBusinessFile(context: TemplateContext): string {
  const { spec, ids } = context;
  const ordered = spec.orderBy !== undefined;
  return [
    "import type { ConsumedEvent, EventHandler } from 'event-router/runtime';",
    '',
    `/** What the ${spec.name} consumer acts on, read from one event. */`,
    `export interface ${ids.pascal}Work {`,
    '  /** The producer\'s eventId: the same on every delivery of the event. */',
    '  readonly eventId: string;',
    '  readonly detailType: string;',
    ...(ordered ? [`  /** The entity: the value at ${spec.orderBy}. */`, '  readonly key: string;'] : []),
    '  /** The event\'s position among its entity\'s events, when the producer assigned one. */',
    '  readonly sequence: number | undefined;',
    '}',
    '',
    `/** What {@link create${ids.pascal}Handler} needs. */`,
    `export interface ${ids.pascal}Options {`,
    '  /**',
    '   * The consumer\'s effect. It runs once per event, but may repeat once after a crash between the',
    '   * effect and its dedupe record: make it safe to repeat (key it by eventId), or use transactional writes.',
    '   */',
    `  readonly apply: (work: ${ids.pascal}Work) => Promise<void>;`,
    '}',
    '',
    `/** Reads what the ${spec.name} consumer needs from one event. */`,
    `export function ${ids.definition}Work(event: ConsumedEvent): ${ids.pascal}Work {`,
    '  return {',
    '    eventId: event.idempotencyKey,',
    '    detailType: event.detailType,',
    ...(ordered ? [`    key: String(${keyExpression(spec.orderBy!)}),`] : []),
    '    sequence: event.sequence,',
    '  };',
    '}',
    '',
    '/**',
    ` * The ${spec.name} consumer: applies each event's work once. fifoConsumer skips events it already`,
    ` * processed${ordered ? ' and hands it an entity\'s events in sequence order' : ''}; throw PermanentError for an event no retry can fix.`,
    ' */',
    `export function create${ids.pascal}Handler(options: ${ids.pascal}Options): EventHandler {`,
    '  return async (event, context) => {',
    `    const work = ${ids.definition}Work(event);`,
    "    context.logger.debug('applying event', { ...work });",
    '    await options.apply(work);',
    '  };',
    '}',
    ...(ordered ? VALUE_AT : []),
    '',
  ].join('\n');
}

function transactionalBusinessFile(context: TemplateContext): string {
  const { spec, ids } = context;
  const ordered = spec.orderBy !== undefined;
  const pk = ordered ? `\`key#\${String(${keyExpression(spec.orderBy!)})}\`` : '`type#${event.detailType}`';
  return [
    "import { transactional, type EventHandler } from 'event-router/runtime';",
    '',
    `/** What {@link create${ids.pascal}Handler} needs. */`,
    `export interface ${ids.pascal}Options {`,
    "  /** The consumer's own table (`stateTable: true`; STATE_TABLE_NAME). */",
    '  readonly tableName: string;',
    '}',
    '',
    '/**',
    ` * The ${spec.name} consumer: counts events per ${ordered ? `entity (${spec.orderBy})` : 'detail-type'} in its state table (pk`,
    ` * ${ordered ? '`key#<value>`' : '`type#<detailType>`'}, sk \`summary\`, attributes \`count\`, \`lastEventId\`). An increment is not`,
    ' * idempotent, so it is returned as transactional(): committed with the dedupe record in one',
    ' * transaction, exactly once per eventId.',
    ' */',
    `export function create${ids.pascal}Handler(options: ${ids.pascal}Options): EventHandler {`,
    '  const { tableName } = options;',
    `  if (!tableName) throw new Error(${quote(`The ${spec.name} consumer needs its state table: set STATE_TABLE_NAME.`)});`,
    '  return (event) =>',
    '    transactional([',
    '      {',
    '        Update: {',
    '          TableName: tableName,',
    `          Key: { pk: { S: ${pk} }, sk: { S: 'summary' } },`,
    "          UpdateExpression: 'ADD #count :one SET lastEventId = :eventId',",
    "          ExpressionAttributeNames: { '#count': 'count' },",
    "          ExpressionAttributeValues: { ':one': { N: '1' }, ':eventId': { S: event.idempotencyKey } },",
    '        },',
    '      },',
    '    ]);',
    '}',
    ...(ordered ? VALUE_AT : []),
    '',
  ].join('\n');
}
