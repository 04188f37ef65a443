import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const REPO = join(import.meta.dirname, '..', '..');

describe('runtime/schemas bundled the way the CDK bundles Lambdas (esbuild, ESM, node22)', () => {
  let dir: string;
  let bundle: { text: string; inputs: string[] };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'schema-bundle-'));
    const result = await build({
      entryPoints: [join(REPO, 'runtime', 'schemas', 'index.ts')],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    bundle = { text: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('embeds the schemas and reads no schema file at run time', () => {
    expect(bundle.inputs).toContain('runtime/schemas/generated/registry.ts');
    expect(bundle.inputs.some((i) => i.startsWith('schemas/') || i.startsWith('local/'))).toBe(false);
    expect(bundle.inputs.some((i) => i.includes('json-schema-to-typescript'))).toBe(false);
    expect(bundle.text).not.toMatch(/readFileSync|readdirSync/);
  });

  test('the bundle validates on its own', async () => {
    const file = join(dir, 'schemas.mjs');
    writeFileSync(file, bundle.text);
    const loaded = await import(pathToFileURL(file).href);
    const registry = new loaded.SchemaRegistry();
    expect(registry.versionsOf('order.placed')).toEqual(['1', '1.1']);
    expect(() => registry.validateForPublish('order.paid', '1', { orderId: 'ord_1' })).toThrow(/data\.paymentId is required but missing/);
  });
});
