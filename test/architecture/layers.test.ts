import { resolve } from 'node:path';
import { layerOf, layerViolations, sourceImports } from './layers';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('layers', () => {
  test("every import across layers goes through that layer's index.ts", () => {
    expect(layerViolations(ROOT)).toEqual([]);
  });

  test('no two layers import each other', () => {
    const edges = new Set(
      sourceImports(ROOT)
        .map(({ file, target }) => [layerOf(ROOT, file.replace(/\.ts$/, '')), layerOf(ROOT, target)] as const)
        .filter(([from, to]) => from !== to && !from.startsWith(`${to}/`) && !to.startsWith(`${from}/`))
        .map(([from, to]) => `${from} -> ${to}`),
    );
    const mutual = [...edges].filter((edge) => {
      const [from, to] = edge.split(' -> ');
      return edges.has(`${to} -> ${from}`);
    });
    expect(mutual).toEqual([]);
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
