import fc from 'fast-check';
import { AppLayoutError } from '../../../cli/add-consumer/index';
import { listsNameInline, newConsumerList, registerInList } from '../../../cli/add-consumer/consumers-index';

const PATH = 'consumers/index.ts';

/** The repository's list before the split: inline definitions, one per element, with comments. */
const INLINE_LIST = `import { Duration } from 'aws-cdk-lib';
import type { ConsumerDefinition } from 'event-router';
import { OrderingKey } from 'event-router';

export const consumers: ConsumerDefinition[] = [
  {
    // Reserves stock [per order].
    name: 'inventory',
    eventPattern: { source: ['orders-service'] },
    orderingKey: OrderingKey.jsonPath('$.detail.data.orderId'),
  },
  {
    name: 'analytics',
    eventPattern: { source: ['orders-service'] },
    lagObjective: Duration.minutes(15),
  },
];
`;

describe('registerInList', () => {
  test('adds the import after the last import and the entry at the end of a one-per-line list', () => {
    const { registered, text } = registerInList(INLINE_LIST, 'shipping', 'shipping', PATH);

    expect(registered).toBe(false);
    expect(text).toBe(
      INLINE_LIST.replace("import { OrderingKey } from 'event-router';", "import { OrderingKey } from 'event-router';\nimport { shipping } from './shipping';").replace(
        '    lagObjective: Duration.minutes(15),\n  },\n];',
        '    lagObjective: Duration.minutes(15),\n  },\n  shipping,\n];',
      ),
    );
  });

  test('registering twice changes nothing the second time', () => {
    const once = registerInList(INLINE_LIST, 'shipping', 'shipping', PATH).text;

    expect(registerInList(once, 'shipping', 'shipping', PATH)).toEqual({ registered: true, text: once });
  });

  test('appends to an inline list of identifiers', () => {
    const list = "import { inventory } from './inventory';\n\nexport const consumers: ConsumerDefinition[] = [inventory, analytics];\n";

    expect(registerInList(list, 'shippingLabels', 'shipping-labels', PATH).text).toBe(
      "import { inventory } from './inventory';\nimport { shippingLabels } from './shipping-labels';\n\nexport const consumers: ConsumerDefinition[] = [inventory, analytics, shippingLabels];\n",
    );
  });

  test('fills an empty list', () => {
    expect(registerInList('export const consumers: ConsumerDefinition[] = [];\n', 'audit', 'audit', PATH).text).toBe(
      "import { audit } from './audit';\nexport const consumers: ConsumerDefinition[] = [audit];\n",
    );
  });

  test('adds a comma after a last element that has none', () => {
    const list = "import { a } from './a';\nexport const consumers = [\n  a\n];\n";

    expect(registerInList(list, 'audit', 'audit', PATH).text).toBe("import { a } from './a';\nimport { audit } from './audit';\nexport const consumers = [\n  a,\n  audit,\n];\n");
  });

  test('keeps the list\'s import style: .ts extensions when it uses them', () => {
    const list = "import { a } from './a.ts';\nexport const consumers = [a];\n";

    expect(registerInList(list, 'audit', 'audit', PATH).text).toContain("import { audit } from './audit.ts';");
  });

  test('a bracket inside a string or comment does not end the list', () => {
    const list = "export const consumers = [\n  // not ] here\n  { name: 'x]', eventPattern: { source: [']'] } },\n];\n";

    expect(registerInList(list, 'audit', 'audit', PATH).text).toContain("{ name: 'x]', eventPattern: { source: [']'] } },\n  audit,\n];");
  });

  test('puts the missing comma after the last element, not inside its trailing comment', () => {
    const list = "export const consumers = [\n  a // the first\n];\n";

    expect(registerInList(list, 'audit', 'audit', PATH).text).toBe("import { audit } from './audit';\nexport const consumers = [\n  a, // the first\n  audit,\n];\n");
  });

  test('a name inside another consumer\'s strings is not taken for an entry', () => {
    const list = "import { a } from './shipping';\nexport const consumers = [{ name: 'a', eventPattern: { source: ['shipping'] } }];\n";

    expect(registerInList(list, 'shipping', 'shipping', PATH).text).toContain("eventPattern: { source: ['shipping'] } }, shipping];");
  });

  test('keeps every entry and adds the new one once, whatever the list looks like (property)', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/).filter((n) => n !== 'audit');
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 5 }), fc.boolean(), fc.boolean(), fc.boolean(), (names, multiLine, trailingComma, comments) => {
        const imports = names.map((n) => `import { ${n} } from './${n}';`).join('\n');
        const entries = names.map((n) => `${n}${comments ? ` /* ${n}] */` : ''}`);
        const body = multiLine
          ? `\n${entries.map((e, i) => `  ${e}${i < entries.length - 1 || trailingComma ? ',' : ''}`).join('\n')}\n`
          : entries.join(', ');
        const list = `${imports}\n\nexport const consumers: ConsumerDefinition[] = [${body}];\n`;

        const once = registerInList(list, 'audit', 'audit', PATH);
        const listed = once.text.slice(once.text.indexOf('= [')).replace(/\/\*.*?\*\//g, '');

        expect(once.registered).toBe(false);
        expect(listed.match(/[a-z][a-z0-9]*/g)?.filter((w) => w !== 'audit')).toEqual(names);
        expect(listed.match(/\baudit\b/g)).toHaveLength(1);
        expect(once.text).toContain("import { audit } from './audit';");
        expect(registerInList(once.text, 'audit', 'audit', PATH)).toEqual({ registered: true, text: once.text });
      }),
      { numRuns: 300 },
    );
  });

  test('refuses a file without the consumers list, saying what to declare', () => {
    expect(() => registerInList('export const others = [];\n', 'audit', 'audit', PATH)).toThrow(AppLayoutError);
    expect(() => registerInList('export const others = [];\n', 'audit', 'audit', PATH)).toThrow(
      'consumers/index.ts has no `export const consumers: ConsumerDefinition[] = [...]`',
    );
  });
});

describe('listsNameInline', () => {
  test('finds a consumer defined inline by its name', () => {
    expect(listsNameInline(INLINE_LIST, 'analytics')).toBe(true);
    expect(listsNameInline(INLINE_LIST, 'analytic')).toBe(false);
    expect(listsNameInline(INLINE_LIST, 'shipping')).toBe(false);
  });
});

describe('newConsumerList', () => {
  test('declares the typed list with the one consumer imported', () => {
    const text = newConsumerList('shipping', './shipping');

    expect(text).toContain("import type { ConsumerDefinition } from 'event-router';\nimport { shipping } from './shipping';\n\nexport const consumers: ConsumerDefinition[] = [shipping];\n");
    expect(registerInList(text, 'shipping', 'shipping', PATH).registered).toBe(true);
  });
});
