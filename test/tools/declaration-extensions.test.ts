import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDeclarationExtensions } from '../../tools/declaration-extensions';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'declarations-'));
  mkdirSync(join(dir, 'lib', 'nested'), { recursive: true });
  writeFileSync(join(dir, 'lib', 'errors.d.ts'), 'export declare class E extends Error {}\n');
  writeFileSync(join(dir, 'lib', 'nested', 'index.d.ts'), 'export declare const x = 1;\n');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('addDeclarationExtensions', () => {
  test('gives a relative import of a file the .js extension and of a folder its index.js', () => {
    writeFileSync(join(dir, 'lib', 'index.d.ts'), "export { E } from './errors';\nexport * from './nested';\nexport type T = import('./errors').E;\n");
    addDeclarationExtensions(dir);
    expect(readFileSync(join(dir, 'lib', 'index.d.ts'), 'utf8')).toBe(
      "export { E } from './errors.js';\nexport * from './nested/index.js';\nexport type T = import('./errors.js').E;\n",
    );
  });

  test('leaves package imports and specifiers that already have an extension alone', () => {
    const text = "import type { App } from 'aws-cdk-lib';\nexport { E } from './errors.js';\n";
    writeFileSync(join(dir, 'lib', 'index.d.ts'), text);
    addDeclarationExtensions(dir);
    expect(readFileSync(join(dir, 'lib', 'index.d.ts'), 'utf8')).toBe(text);
  });

  test('refuses a relative import that resolves to no declaration file, naming it', () => {
    writeFileSync(join(dir, 'lib', 'index.d.ts'), "export * from './missing';\n");
    expect(() => addDeclarationExtensions(dir)).toThrow(/index\.d\.ts: cannot resolve \.\/missing to a declaration file/);
  });
});
