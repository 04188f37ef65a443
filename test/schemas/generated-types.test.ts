import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GENERATED_DIR, findStaleGeneratedFiles, writeGeneratedFiles } from '../../local/schemas/generate-code';
import { loadSchemaTree } from '../../local/schemas/schema-tree';
import type { EventData } from '../../schemas/generated/event-types';

describe('generated schema types', () => {
  test('schemas/generated/ is up to date with schemas/ (run `npm run schema:types` when this fails)', async () => {
    const stale = await findStaleGeneratedFiles(loadSchemaTree());
    expect(stale).toEqual([]);
  });

  test('a schema edit makes the generated files stale, and regenerating fixes them', async () => {
    const out = mkdtempSync(join(tmpdir(), 'generated-'));
    try {
      const tree = loadSchemaTree();
      await writeGeneratedFiles(tree, out);
      expect(await findStaleGeneratedFiles(tree, out)).toEqual([]);
      writeFileSync(join(out, 'leftover.ts'), '// from a deleted schema\n');
      const paid = tree.events.find((e) => e.detailType === 'OrderPaid')!;
      const edited = { ...tree, events: tree.events.map((e) => (e === paid ? { ...e, versions: [{ ...e.versions[0]!, schema: { ...e.versions[0]!.schema, description: 'changed' } }] } : e)) };
      expect(await findStaleGeneratedFiles(edited, out)).toEqual(['leftover.ts', 'order-paid-v1.ts', 'registry.ts']);
      await writeGeneratedFiles(edited, out);
      expect(await findStaleGeneratedFiles(edited, out)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('each version gets its own data type, optional fields optional', () => {
    const v11: EventData<'order.placed', '1.1'> = {
      orderId: 'ord_1',
      customerId: 'cus_1',
      lines: [{ sku: 'sku-1', quantity: 1, unitPriceCents: 4995 }],
      totalCents: 4995,
      currency: 'EUR',
      channel: 'web',
    };
    const v1: EventData<'order.placed', '1'> = {
      ...v11,
      // @ts-expect-error v1 does not declare `channel`: the compiler refuses it, as the publisher would.
      channel: 'web',
    };
    expect(v1.orderId).toBe('ord_1');
    expect(readFileSync(join(DEFAULT_GENERATED_DIR, 'order-placed-v1-1.ts'), 'utf8')).toContain('channel?: "web" | "mobile" | "store";');
  });
});
