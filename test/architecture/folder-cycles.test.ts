import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Folders are the project's modules: a folder that imports another must not be imported back,
 * or neither can be understood, tested or packaged without the other. This reads every relative
 * import of the source trees and looks for cycles between folders.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sourceTrees = ['runtime', 'local', 'lib', 'ops', 'bin', 'cli', 'functions', 'handlers', 'consumers'].filter((tree) =>
  existsSync(path.join(repoRoot, tree)),
);

/**
 * Cycles that exist for a reason outside this test's reach, each with that reason. Remove an
 * entry when its cycle goes; the test fails on a listed cycle that no longer exists.
 */
const knownCycles: Record<string, string> = {};

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (/\.(ts|mts|mjs)$/.test(entry.name)) files.push(full);
  }
  return files;
}

/** Generated code belongs to the folder that generates and wraps it. */
function moduleOf(folder: string): string {
  return path.basename(folder) === 'generated' ? path.dirname(folder) : folder;
}

function importedFolder(fromFile: string, specifier: string): string {
  const target = path.resolve(path.dirname(fromFile), specifier);
  const isFolder = (() => {
    try {
      return statSync(target).isDirectory();
    } catch {
      return false;
    }
  })();
  return path.relative(repoRoot, isFolder ? target : path.dirname(target));
}

/** Folder -> folders it imports from (relative imports only; packages are not ours). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const tree of sourceTrees) {
    for (const file of sourceFiles(path.join(repoRoot, tree))) {
      const from = moduleOf(path.relative(repoRoot, path.dirname(file)));
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const { fileName } of importedFiles) {
        if (!fileName.startsWith('.')) continue;
        const to = moduleOf(importedFolder(file, fileName));
        if (to === from) continue;
        if (!graph.has(from)) graph.set(from, new Set());
        graph.get(from)!.add(to);
      }
    }
  }
  return graph;
}

/** Strongly connected components of more than one folder (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('folder import graph', () => {
  const found = cycles(folderGraph()).map((component) => component.join(' <-> '));

  it('has no cycle between folders other than the known ones', () => {
    expect(found.filter((cycle) => !(cycle in knownCycles))).toEqual([]);
  });

  it('still has every known cycle (remove an entry once its cycle is gone)', () => {
    expect(Object.keys(knownCycles).filter((cycle) => !found.includes(cycle))).toEqual([]);
  });
});
