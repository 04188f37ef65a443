import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppLayoutError, ConsumerExistsError, planConsumer } from '../../../cli/add-consumer/index';
import { writePlan } from '../../../cli/add-consumer/write-plan';

const SHIPPING = { name: 'shipping', pattern: '{"source":["orders-service"],"detail-type":["OrderPaid"]}', orderBy: '$.detail.data.orderId' };
const GENERATED = [
  'consumers/shipping.ts',
  'consumers/index.ts',
  'functions/shipping/index.ts',
  'functions/shipping/shipping.ts',
  'test/functions/shipping/shipping.test.ts',
  'test/functions/shipping/event.json',
];

let app: string;

beforeEach(() => {
  app = mkdtempSync(join(tmpdir(), 'add-consumer-plan-'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-app', type: 'module', devDependencies: { jest: '30.0.0' }, scripts: { test: 'jest' } }));
});

afterEach(() => rmSync(app, { recursive: true, force: true }));

const actions = (cwd = app) => Object.fromEntries(planConsumer(SHIPPING, cwd).files.map((f) => [f.path, f.action]));

describe('planConsumer', () => {
  test('plans the definition, the list, the handler, its business function, the test and the fixture', () => {
    expect(actions()).toEqual(Object.fromEntries(GENERATED.map((path) => [path, 'create'])));
  });

  test('finds the app root from a subdirectory (the nearest package.json upward)', () => {
    mkdirSync(join(app, 'src', 'deep'), { recursive: true });

    expect(planConsumer(SHIPPING, join(app, 'src', 'deep')).app.root).toBe(app);
  });

  test('reads how the app tests: jest with a test script here, node:test without jest', () => {
    expect(planConsumer(SHIPPING, app).app).toMatchObject({ testRunner: 'jest', hasTestScript: true, esm: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-app' }));
    expect(planConsumer(SHIPPING, app).app).toMatchObject({ testRunner: 'node', hasTestScript: false, esm: true });
  });

  test('after writing, the same plan is up to date: nothing to write', () => {
    writePlan(planConsumer(SHIPPING, app));

    const again = planConsumer(SHIPPING, app);

    expect(again.upToDate).toBe(true);
    expect(new Set(again.files.map((f) => f.action))).toEqual(new Set(['unchanged']));
  });

  test('keeps the user\'s edits to the handler and writes only what is missing', () => {
    writePlan(planConsumer(SHIPPING, app));
    writeFileSync(join(app, 'functions/shipping/shipping.ts'), '// my own logic\n');
    rmSync(join(app, 'test/functions/shipping/event.json'));

    const plan = planConsumer(SHIPPING, app);

    expect(Object.fromEntries(plan.files.map((f) => [f.path, f.action]))).toMatchObject({
      'functions/shipping/shipping.ts': 'kept',
      'test/functions/shipping/event.json': 'create',
    });
    expect(writePlan(plan)).toEqual(['test/functions/shipping/event.json']);
    expect(readFileSync(join(app, 'functions/shipping/shipping.ts'), 'utf8')).toBe('// my own logic\n');
  });

  test('refuses a consumer that exists with a different definition', () => {
    writePlan(planConsumer(SHIPPING, app));

    expect(() => planConsumer({ ...SHIPPING, orderBy: undefined }, app)).toThrow(ConsumerExistsError);
    expect(() => planConsumer({ ...SHIPPING, transactional: true }, app)).toThrow(
      'consumer "shipping" already exists with a different definition (consumers/shipping.ts): change it in that file, or choose another name.',
    );
  });

  test('refuses a name the consumer list already defines inline', () => {
    mkdirSync(join(app, 'consumers'));
    writeFileSync(join(app, 'consumers/index.ts'), "export const consumers: ConsumerDefinition[] = [\n  { name: 'shipping', eventPattern: { source: ['x'] } },\n];\n");

    expect(() => planConsumer(SHIPPING, app)).toThrow('a consumer named "shipping" is already defined in consumers/index.ts: change it there, or choose another name.');
  });

  test('refuses when a file of another owner is in the way', () => {
    mkdirSync(join(app, 'functions/shipping'), { recursive: true });
    writeFileSync(join(app, 'functions/shipping/index.ts'), 'export const handler = () => 1;\n');

    expect(() => planConsumer(SHIPPING, app)).toThrow('functions/shipping/index.ts already exists and is not the new consumer\'s');
  });

  // Only where the temp directory and its parents hold no package.json.
  (existsSync(join(tmpdir(), 'package.json')) ? test.skip : test)('refuses to run outside an app', () => {
    const bare = mkdtempSync(join(tmpdir(), 'add-consumer-bare-'));
    try {
      expect(() => planConsumer(SHIPPING, bare)).toThrow(AppLayoutError);
      expect(() => planConsumer(SHIPPING, bare)).toThrow(/^no package.json in .* or above: run the command in your app's directory/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  test('uses .ts relative imports and import.meta for node:test apps, __dirname for CommonJS jest apps', () => {
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-app' }));
    const node = planConsumer(SHIPPING, app).files;
    expect(node.find((f) => f.path === 'consumers/index.ts')?.content).toContain("from './shipping.ts';");
    expect(node.find((f) => f.path.endsWith('.test.ts'))?.content).toContain("from '../../../functions/shipping/shipping.ts';");
    expect(node.find((f) => f.path.endsWith('.test.ts'))?.content).toContain("import { describe, test } from 'node:test';");

    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-app', devDependencies: { jest: '30' } }));
    const cjs = planConsumer(SHIPPING, app).files;
    expect(cjs.find((f) => f.path === 'consumers/shipping.ts')?.content).toContain("entry: join(__dirname, '..', 'functions', 'shipping', 'index.ts'),");
    expect(cjs.find((f) => f.path.endsWith('.test.ts'))?.content).toContain("join(__dirname, 'event.json')");
  });
});
