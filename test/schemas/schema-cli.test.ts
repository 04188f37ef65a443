import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSchemaDiff } from '../../local/schemas/schema-commands';

const REPO = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'schema-cli-'));
const DRAFT4 = 'http://json-schema.org/draft-04/schema#';

function schemaFile(name: string, schema: object): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ $schema: DRAFT4, ...schema }));
  return path;
}

/** Runs the real CLI (`npx event-router ...` runs bin/event-router.js the same way). */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [join(REPO, 'bin', 'event-router.js'), ...args], { cwd: REPO, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const v1 = schemaFile('v1.json', { type: 'object', required: ['id'], properties: { id: { type: 'string' } } });
const v11 = schemaFile('v1.1.json', { type: 'object', required: ['id'], properties: { id: { type: 'string' }, note: { type: 'string' } } });
const breaking = schemaFile('breaking.json', { type: 'object', required: ['id', 'email'], properties: { id: { type: 'string' }, email: { type: 'string' } } });
const notJson = join(dir, 'not-json.json');
writeFileSync(notJson, '{ "type": ');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npx event-router schema diff (real process)', () => {
  test('exits 0 for a compatible change', () => {
    const { code, stdout } = cli('schema', 'diff', v1, v11);
    expect(code).toBe(0);
    expect(stdout).toContain('compatible (FULL_TRANSITIVE)');
  });

  test('exits 1 for a breaking change and prints the reasons', () => {
    const { code, stdout } = cli('schema', 'diff', v1, breaking);
    expect(code).toBe(1);
    expect(stdout).toContain('INCOMPATIBLE (FULL_TRANSITIVE): 1 problem(s)');
    expect(stdout).toContain('BACKWARD break at /properties/email: data.email is required in');
  });

  test('exits 2 for a missing argument (usage error)', () => {
    const { code, stderr } = cli('schema', 'diff', v1);
    expect(code).toBe(2);
    expect(stderr).toContain("missing required argument 'new'");
  });

  test('exits 2 for a file that is not JSON', () => {
    const { code, stderr } = cli('schema', 'diff', v1, notJson);
    expect(code).toBe(2);
    expect(stderr).toContain('not-json.json: is not valid JSON');
  });
});

describe('npx event-router schema check (real process)', () => {
  test("exits 0 on the repository's schemas", () => {
    const { code, stdout } = cli('schema', 'check');
    expect(code).toBe(0);
    expect(stdout).toContain('ok   orders-service/OrderPlaced/v1.1.json (order.placed v1.1, FULL_TRANSITIVE vs v1)');
  });
});

describe('schema diff modes', () => {
  test('the mode decides: a new required field passes FORWARD and fails BACKWARD', () => {
    expect(runSchemaDiff(v1, breaking, { mode: 'forward' }).exitCode).toBe(0);
    expect(runSchemaDiff(v1, breaking, { mode: 'BACKWARD' }).exitCode).toBe(1);
    expect(runSchemaDiff(v1, breaking, { mode: 'NONE' }).exitCode).toBe(0);
  });

  test('an unknown mode is invalid input (exit 2) naming the allowed modes', () => {
    const result = runSchemaDiff(v1, v11, { mode: 'SIDEWAYS' });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Unknown compatibility mode "SIDEWAYS": use one of BACKWARD, BACKWARD_TRANSITIVE, FORWARD');
  });

  test('a missing file is invalid input (exit 2)', () => {
    expect(runSchemaDiff(join(dir, 'absent.json'), v11)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('absent.json: cannot be read (ENOENT)') });
  });

  test('a schema with a remote $ref is invalid input (exit 2)', () => {
    const remote = schemaFile('remote.json', { type: 'object', properties: { a: { $ref: 'other.json#/A' } } });
    expect(runSchemaDiff(v1, remote).exitCode).toBe(2);
  });

  test('--json prints a machine-readable result', () => {
    const result = runSchemaDiff(v1, breaking, { json: true });
    expect(JSON.parse(result.stdout)).toMatchObject({
      mode: 'FULL_TRANSITIVE',
      compatible: false,
      incompatibilities: [{ kind: 'required-property-added', direction: 'backward', pointer: '/properties/email', field: 'data.email' }],
    });
  });
});
