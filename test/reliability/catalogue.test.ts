import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { documentedRowIds, REPO } from './support';

// docs/reliability.md claims an answer for every bad input it lists; this keeps the claim honest:
// each documented row id has a test named for it, and each test id is documented.

const dir = join(REPO, 'test', 'reliability');
const sources = readdirSync(dir)
  .filter((name) => name.endsWith('.test.ts') && name !== 'catalogue.test.ts')
  .map((name) => readFileSync(join(dir, name), 'utf8'))
  .join('\n');
/** Ids that start a test name (`'EB-08: ...'`) or a test.each row (`['EB-03', ...`). */
const testedIds = new Set([...sources.matchAll(/(?:test\(\s*['"`]|\[\s*')([A-Z]+-\d+)(?::|')/g)].map((m) => m[1] as string));

describe('docs/reliability.md', () => {
  const documented = documentedRowIds();

  test('lists at least 60 distinct bad inputs', () => {
    expect(new Set(documented).size).toBe(documented.length);
    expect(documented.length).toBeGreaterThanOrEqual(60);
  });

  test('every documented row has a test named with its id', () => {
    expect(documented.filter((id) => !testedIds.has(id))).toEqual([]);
  });

  test('every reliability test id is a documented row', () => {
    expect([...testedIds].filter((id) => !documented.includes(id))).toEqual([]);
  });
});
