import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from '@jest/globals';
import { runTestPattern, type TestPatternOptions } from '../../../cli/commands/test-pattern';

const REPO = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'test-pattern-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(options: TestPatternOptions): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runTestPattern(options, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const pattern = '{"source":["orders-service"],"detail-type":["OrderPlaced"]}';

describe('event-router test-pattern', () => {
  test('prints true for a matching event and exits 0', () => {
    expect(run({ pattern, event: '{"source":"orders-service","detail-type":"OrderPlaced"}' })).toEqual({ code: 0, out: ['true'], err: [] });
  });

  test('prints false for an event that does not match and exits 0', () => {
    expect(run({ pattern, event: '{"source":"orders-service","detail-type":"OrderPaid"}' })).toEqual({ code: 0, out: ['false'], err: [] });
  });

  test('prints AWS\'s error on stderr and exits 2 for an invalid pattern', () => {
    expect(run({ pattern: '{"detail":{"state":[{"NUMERIC":["=",5]}]}}', event: '{}' })).toEqual({
      code: 2,
      out: [],
      err: ['Event pattern is not valid. Reason: Unrecognized match type NUMERIC'],
    });
  });

  test('reads the pattern and the event from @files', () => {
    writeFileSync(join(dir, 'pattern.json'), pattern);
    writeFileSync(join(dir, 'event.json'), '{"source":"orders-service","detail-type":"OrderPlaced"}');
    expect(run({ pattern: `@${join(dir, 'pattern.json')}`, event: `@${join(dir, 'event.json')}` }).out).toEqual(['true']);
  });

  test('--events answers one line per event of a JSON Lines file, skipping blank lines', () => {
    const file = join(dir, 'events.jsonl');
    writeFileSync(
      file,
      ['{"source":"orders-service","detail-type":"OrderPlaced"}', '', '{"source":"billing","detail-type":"OrderPlaced"}', ''].join('\n'),
    );
    expect(run({ pattern, events: file })).toEqual({ code: 0, out: ['true', 'false'], err: [] });
  });

  test('an event line that is not a JSON object is refused with its line number', () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"source":"a"}\n[1,2]\n');
    const result = run({ pattern, events: file });
    expect(result.code).toBe(2);
    expect(result.err[0]).toContain(`Parameter Event is not valid. (${file}:2`);
  });

  test('--array-matching any-element switches the reading of objects inside arrays', () => {
    const options = {
      pattern: '{"items":{"sku":["a"],"qty":[2]}}',
      event: '{"items":[{"sku":"a","qty":1},{"sku":"b","qty":2}]}',
    };
    expect(run(options).out).toEqual(['false']);
    expect(run({ ...options, arrayMatching: 'any-element' }).out).toEqual(['true']);
  });

  test('asks for exactly one of --event and --events', () => {
    const result = run({ pattern });
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(/exactly one of --event/);
  });

  test('runs from the command line through the CLI entry (npx event-router)', async () => {
    const tsx = join(REPO, 'node_modules', '.bin', 'tsx');
    const { stdout } = await promisify(execFile)(tsx, ['cli/main.ts', 'test-pattern', '--pattern', pattern, '--event', '{"source":"orders-service","detail-type":"OrderPlaced"}'], {
      cwd: REPO,
    });
    expect(stdout).toBe('true\n');
    const failing = promisify(execFile)(tsx, ['cli/main.ts', 'test-pattern', '--pattern', '{"source":[]}', '--event', '{}'], { cwd: REPO });
    await expect(failing).rejects.toMatchObject({ code: 2, stderr: 'Event pattern is not valid. Reason: Empty arrays are not allowed\n' });
  });
});
