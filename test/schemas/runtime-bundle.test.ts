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

  test("holds none of an app's schemas and reads no schema file at run time", () => {
    expect(bundle.inputs.some((i) => i.startsWith('schemas/') || i.startsWith('local/'))).toBe(false);
    expect(bundle.inputs.some((i) => i.includes('json-schema-to-typescript'))).toBe(false);
    expect(bundle.text).not.toMatch(/readFileSync|readdirSync/);
  });

  test('compiles nothing at run time: no ajv, only the helpers the compiled validators call', () => {
    expect(bundle.inputs.filter((i) => /node_modules\/(ajv|ajv-formats|ajv-draft-04|fast-uri)\//.test(i))).toEqual([]);
  });

  test('the bundle validates on its own', async () => {
    const file = join(dir, 'schemas.mjs');
    writeFileSync(file, bundle.text);
    const loaded = await import(pathToFileURL(file).href);
    const registry = new loaded.SchemaRegistry([]);
    expect(registry.eventTypes()).toEqual([]);
    expect(() => registry.validateMetadata({ eventId: '' }, 'publish')).toThrow(/metadata/);
  });
});

/** Bundles a consumer entry as the CDK does (minified, everything bundled); returns its code and inputs. */
async function bundleConsumer(entry: { contents: string } | { file: string }): Promise<{ text: string; inputs: string[] }> {
  const result = await build({
    ...('file' in entry ? { entryPoints: [join(REPO, entry.file)] } : { stdin: { contents: entry.contents, resolveDir: REPO, loader: 'ts' as const, sourcefile: 'consumer.ts' } }),
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { text: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

describe('a consumer bundle holds the compiled readers it names, and no schema compiler', () => {
  const onlyPlacedV1 = `
    import { createConsumerValidator } from './runtime/schemas/index';
    import { orderPlacedV1Reader } from './schemas/generated/compiled-validators';
    export const validator = createConsumerValidator({ reads: [orderPlacedV1Reader] });
  `;

  test('the notifications consumer bundles no ajv, ajv-formats or schema compiler', async () => {
    const { inputs } = await bundleConsumer({ file: 'functions/notifications/index.ts' });
    expect(inputs.filter((i) => /node_modules\/(ajv|ajv-formats|ajv-draft-04|fast-uri|json-schema-traverse)\//.test(i))).toEqual([]);
    expect(inputs).toContain('schemas/generated/compiled-validators.ts');
  });

  test('a consumer reading order.placed v1 bundles neither v1.1 (its channel enum) nor any producer validator', async () => {
    const { text } = await bundleConsumer({ contents: onlyPlacedV1 });
    expect(text).toContain('"EUR","USD","GBP"');
    expect(text).not.toContain('"mobile"');
    expect(text).not.toContain('keyword:"additionalProperties"');
    expect(text).not.toMatch(/"paymentId"|"trackingNumber"/);
  });

  test('that bundle validates on its own, with ajv\'s errors', async () => {
    const { text } = await bundleConsumer({ contents: onlyPlacedV1 });
    const file = join(mkdtempSync(join(tmpdir(), 'consumer-bundle-')), 'consumer.mjs');
    try {
      writeFileSync(file, text);
      const { validator } = await import(pathToFileURL(file).href);
      const detail = { metadata: { eventId: '01J8', eventType: 'order.placed', eventVersion: '1', occurredAt: '2026-11-23T10:30:42Z', producer: 'orders' }, data: { orderId: 'o' } };
      expect(() => validator.validate({ source: 'orders-service', detailType: 'OrderPlaced', detail })).toThrow(
        /order\.placed v1 is invalid \(consume\): data\.customerId is required but missing \[rule: required\]/,
      );
    } finally {
      rmSync(join(file, '..'), { recursive: true, force: true });
    }
  });
});
