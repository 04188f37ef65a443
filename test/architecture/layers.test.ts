import { resolve } from 'node:path';
import { layerViolations, sourceImports } from './layers';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('layers', () => {
  test("every import across layers goes through that layer's index.ts", () => {
    expect(layerViolations(ROOT)).toEqual([]);
  });

  test('the library never imports the example app', () => {
    const library = ['cli', 'handlers', 'lib', 'local', 'ops', 'runtime'];
    const app = ['bin', 'consumers', 'functions'];
    const reaching = sourceImports(ROOT).filter(
      ({ file, target }) => library.includes(file.split('/')[0]!) && app.includes(target.split('/')[0]!),
    );
    expect(reaching.map(({ file, specifier }) => `${file} imports ${specifier}`)).toEqual([]);
  });
});
