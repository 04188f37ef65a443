import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { addConsumer, replayCommand, type AddConsumerInput } from '../../../cli/add-consumer/index';

const SHIPPING: AddConsumerInput = { name: 'shipping', pattern: '{"source":["orders-service"],"detail-type":["OrderPaid"]}', orderBy: '$.detail.data.orderId' };

let app: string;

beforeEach(() => {
  app = mkdtempSync(join(tmpdir(), 'add-consumer-'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-app', type: 'module' }));
});

afterEach(() => rmSync(app, { recursive: true, force: true }));

/** Runs the command in the temp app (without running the new test) and returns what it printed. */
async function run(input: AddConsumerInput, options: { dryRun?: boolean } = {}): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  const code = await addConsumer(input, { ...options, cwd: app, runTest: false, io: { out, err } });
  return { code, out: Buffer.concat(chunks.out).toString(), err: Buffer.concat(chunks.err).toString() };
}

/** Every file under the app with its content and modification time. */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(app, path)] = `${statSync(path).mtimeMs} ${readFileSync(path, 'utf8')}`;
    }
  };
  walk(app);
  return files;
}

describe('addConsumer', () => {
  test('writes the consumer and prints each file and the replay that backfills it', async () => {
    const { code, out } = await run(SHIPPING);

    expect(code).toBe(0);
    expect(out).toContain('  create  consumers/shipping.ts\n');
    expect(out).toContain(`  ${replayCommand('shipping')}\n`);
    expect(replayCommand('shipping')).toBe('npx event-router replay shipping --from -30d --to now');
    expect(Object.keys(snapshot()).sort()).toEqual(
      [
        'consumers/index.ts',
        'consumers/shipping.ts',
        'functions/shipping/index.ts',
        'functions/shipping/shipping.ts',
        'package.json',
        'test/functions/shipping/event.json',
        'test/functions/shipping/shipping.test.ts',
      ].sort(),
    );
  });

  test('running it twice changes nothing and says so, exit 0', async () => {
    await run(SHIPPING);
    const before = snapshot();

    const { code, out } = await run(SHIPPING);

    expect(code).toBe(0);
    expect(out).toMatch(/^consumer shipping is already added with this definition: nothing to change\./);
    expect(snapshot()).toEqual(before);
  });

  test('--dry-run prints every new file in full and writes nothing', async () => {
    const before = snapshot();

    const { code, out } = await run(SHIPPING, { dryRun: true });

    expect(code).toBe(0);
    expect(out).toMatch(/^dry run: nothing is written and nothing is run\./);
    expect(out).toContain("--- create consumers/shipping.ts\nimport { fileURLToPath } from 'node:url';");
    expect(out).toContain("  orderingKey: OrderingKey.jsonPath('$.detail.data.orderId'),");
    expect(out).toContain('--- create test/functions/shipping/event.json\n{');
    expect(out).toContain('then run node --test test/functions/shipping/shipping.test.ts');
    expect(snapshot()).toEqual(before);
  });

  test('--dry-run shows the lines an update adds to an existing consumer list', async () => {
    mkdirSync(join(app, 'consumers'));
    writeFileSync(join(app, 'consumers/index.ts'), "import { a } from './a.ts';\n\nexport const consumers = [\n  a,\n];\n");

    const { out } = await run(SHIPPING, { dryRun: true });

    expect(out).toContain("--- update consumers/index.ts\n+    2 import { shipping } from './shipping.ts';\n+    6   shipping,\n");
  });

  test.each([
    ['an invalid name', { ...SHIPPING, name: 'Shipping' }, /^event-router add consumer: invalid consumer name "Shipping": use kebab-case/],
    ['a pattern that is not JSON', { ...SHIPPING, pattern: '{source' }, /^event-router add consumer: --pattern is not JSON/],
    ['a pattern EventBridge refuses', { ...SHIPPING, pattern: '{"source":[]}' }, /^event-router add consumer: invalid --pattern .*Empty arrays are not allowed/],
    ['an invalid ordering key', { ...SHIPPING, orderBy: '$.detail.data.orderID' }, /^event-router add consumer: invalid --order-by: /],
  ])('refuses %s with one line, exit 2, nothing written', async (_case, input, message) => {
    const before = snapshot();

    const { code, out, err } = await run(input);

    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(snapshot()).toEqual(before);
  });

  test('refuses the same name with a different definition, exit 2, nothing written', async () => {
    await run(SHIPPING);
    const before = snapshot();

    const { code, err } = await run({ ...SHIPPING, transactional: true });

    expect(code).toBe(2);
    expect(err).toBe('event-router add consumer: consumer "shipping" already exists with a different definition (consumers/shipping.ts): change it in that file, or choose another name.\n');
    expect(snapshot()).toEqual(before);
  });

  test('adds a second consumer to the list the first one created', async () => {
    await run(SHIPPING);

    await run({ name: 'audit-log', pattern: '{"source":["billing"]}', transactional: true });

    const list = readFileSync(join(app, 'consumers/index.ts'), 'utf8');
    expect(list).toContain("import { shipping } from './shipping.ts';\nimport { auditLog } from './audit-log.ts';");
    expect(list).toContain('export const consumers: ConsumerDefinition[] = [shipping, auditLog];');
  });
});
