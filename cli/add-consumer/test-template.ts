import { relativeImport, type TemplateContext } from './template-context';
import { quote, tsLiteral } from './ts-literal';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** What the business function makes of the fixture event, computed here so the test states it literally. */
function expectedWork(context: TemplateContext): Json {
  const { fixture, spec } = context;
  const detail = isObject(fixture['detail']) ? fixture['detail'] : {};
  const metadata = isObject(detail['metadata']) ? detail['metadata'] : undefined;
  const eventId = typeof metadata?.['eventId'] === 'string' ? metadata['eventId'] : fixture['id'];
  const key = spec.orderBy === undefined ? undefined : String(spec.orderBy.slice(2).split('.').reduce<unknown>((node, step) => (isObject(node) ? node[step] : undefined), fixture));
  return {
    eventId,
    detailType: fixture['detail-type'],
    ...(key === undefined ? {} : { key }),
    sequence: metadata?.['sequence'],
  };
}

/** `test/functions/<name>/<name>.test.ts`: the pattern matches the fixture; the business function does its job on it. */
export function testFile(context: TemplateContext): string {
  const { spec, ids, app } = context;
  const jest = app.testRunner === 'jest';
  const up = '../../..';
  const fixturePath = app.esm ? "new URL('./event.json', import.meta.url)" : "join(__dirname, 'event.json')";
  const work = expectedWork(context);
  const equal = (actual: string, expected: string) => (jest ? `expect(${actual}).toEqual(${expected});` : `assert.deepEqual(${actual}, ${expected});`);
  const isTrue = (actual: string) => (jest ? `expect(${actual}).toBe(true);` : `assert.equal(${actual}, true);`);

  const runtimeImports = spec.transactional ? 'isTransactionalResult, parseEventBridgeEvent' : 'parseEventBridgeEvent';
  const businessImports = spec.transactional ? `create${ids.pascal}Handler` : `create${ids.pascal}Handler, type ${ids.pascal}Work`;
  const header = [
    ...(jest ? [] : ["import assert from 'node:assert/strict';"]),
    "import { readFileSync } from 'node:fs';",
    ...(app.esm ? [] : ["import { join } from 'node:path';"]),
    ...(jest ? [] : ["import { describe, test } from 'node:test';"]),
    `import { ${runtimeImports} } from 'event-router/runtime';`,
    "import { matchesEventPattern, testMessageContext } from 'event-router/testing';",
    `import { ${ids.definition} } from '${relativeImport(context, `${up}/consumers/${spec.name}`)}';`,
    `import { ${businessImports} } from '${relativeImport(context, `${up}/functions/${spec.name}/${spec.name}`)}';`,
    '',
    '/** An event as the consumer\'s queue delivers it (EventBridge\'s fields, the envelope in detail). */',
    `const fixture: unknown = JSON.parse(readFileSync(${fixturePath}, 'utf8'));`,
    '',
    `describe(${quote(`${spec.name} consumer`)}, () => {`,
    "  test('its event pattern matches the fixture event (EventBridge\\'s matching rules, run locally)', () => {",
    `    ${isTrue(`matchesEventPattern(${ids.definition}.eventPattern, fixture)`)}`,
    '  });',
    '',
  ];
  const body = spec.transactional
    ? [
        "  test('it counts the event with one transactional write to its state table', async () => {",
        `    const handler = create${ids.pascal}Handler({ tableName: ${quote(`${spec.name}-state`)} });`,
        '',
        '    const result = await handler(parseEventBridgeEvent(fixture), testMessageContext());',
        '',
        "    if (!isTransactionalResult(result)) throw new Error('expected transactional() writes');",
        `    ${equal('result.writes', tsLiteral([expectedWrite(context, work)], '    '))}`,
        '  });',
      ]
    : [
        "  test('it applies the event\\'s work once, read from the event', async () => {",
        `    const applied: ${ids.pascal}Work[] = [];`,
        `    const handler = create${ids.pascal}Handler({ apply: async (work) => void applied.push(work) });`,
        '',
        '    await handler(parseEventBridgeEvent(fixture), testMessageContext());',
        '',
        `    ${equal('applied', tsLiteral([work], '    '))}`,
        '  });',
      ];
  return [...header, ...body, '});', ''].join('\n');
}

function expectedWrite(context: TemplateContext, work: Json): Json {
  const pk = context.spec.orderBy === undefined ? `type#${String(work['detailType'])}` : `key#${String(work['key'])}`;
  return {
    Update: {
      TableName: `${context.spec.name}-state`,
      Key: { pk: { S: pk }, sk: { S: 'summary' } },
      UpdateExpression: 'ADD #count :one SET lastEventId = :eventId',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':one': { N: '1' }, ':eventId': { S: work['eventId'] } },
    },
  };
}
