import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSchemaTree } from '../../local/schemas/check-all';
import { InvalidSchemaFileError } from '../../local/schemas/errors';
import { DEFAULT_SCHEMA_ROOT, loadSchemaTree } from '../../local/schemas/schema-tree';
import { runSchemaCheck } from '../../local/schemas/schema-commands';

const tempDirs: string[] = [];

/** A scratch copy of the repository's schemas/ that a test may break. */
function copyOfRepoSchemas(): string {
  const dir = mkdtempSync(join(tmpdir(), 'schemas-'));
  tempDirs.push(dir);
  cpSync(DEFAULT_SCHEMA_ROOT, dir, { recursive: true });
  return dir;
}

function editJson(file: string, edit: (json: Record<string, any>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  edit(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
}

afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the repository's schemas", () => {
  test('pass `schema check`: every version is compatible with its predecessors (the CI gate)', () => {
    const result = runSchemaCheck();
    if (result.exitCode !== 0) throw new Error(`schema check failed:\n${result.stdout}${result.stderr}`);
    expect(result.stdout).toMatch(/All \d+ schema version\(s\) are compatible/);
  });

  test('hold the example domain: OrderPlaced with two versions, OrderPaid, OrderShipped', () => {
    const tree = loadSchemaTree();
    expect(tree.events.map((e) => [e.source, e.detailType, e.eventType, e.versions.map((v) => v.version.text)])).toEqual([
      ['orders-service', 'OrderPaid', 'order.paid', ['1']],
      ['orders-service', 'OrderPlaced', 'order.placed', ['1', '1.1']],
      ['orders-service', 'OrderShipped', 'order.shipped', ['1']],
    ]);
  });
});

describe('schema check on a changed tree', () => {
  test('a deliberate breaking change within a major fails and says what broke', () => {
    const root = copyOfRepoSchemas();
    editJson(join(root, 'orders-service/OrderPlaced/v1.1.json'), (s) => {
      s.required.push('channel');
    });
    const result = runSchemaCheck({ root });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('FAIL orders-service/OrderPlaced/v1.1.json (order.placed v1.1, FULL_TRANSITIVE vs v1)');
    expect(result.stdout).toContain(
      'BACKWARD break at /properties/channel: data.channel is required in OrderPlaced v1.1 (new) but OrderPlaced v1 (old) does not declare it, so consumers on OrderPlaced v1.1 cannot read events written with OrderPlaced v1.',
    );
  });

  test('the same change as a new major version passes: a major may break', () => {
    const root = copyOfRepoSchemas();
    const dir = join(root, 'orders-service/OrderPlaced');
    editJson(join(dir, 'v1.1.json'), (s) => {
      s.required.push('channel');
      writeFileSync(join(dir, 'v2.json'), JSON.stringify(s));
    });
    rmSync(join(dir, 'v1.1.json'));
    const checks = checkSchemaTree(loadSchemaTree(root));
    expect(checks.find((c) => c.file.endsWith('v2.json'))).toMatchObject({ checkedAgainst: [], incompatibilities: [] });
  });

  test('an event.json compatibility mode overrides the default', () => {
    const root = copyOfRepoSchemas();
    writeFileSync(join(root, 'orders-service/OrderPlaced/event.json'), JSON.stringify({ eventType: 'order.placed', compatibility: 'BACKWARD' }));
    // v1.1 made stricter about an optional field's length: readers of v1 still read it (FORWARD holds)...
    editJson(join(root, 'orders-service/OrderPlaced/v1.1.json'), (s) => {
      s.properties.customerId.maxLength = 64;
    });
    const [check] = checkSchemaTree(loadSchemaTree(root)).filter((c) => c.version === '1.1');
    // ...but BACKWARD needs v1.1 to read everything v1 wrote.
    expect(check).toMatchObject({ mode: 'BACKWARD', checkedAgainst: ['1'] });
    expect(check!.incompatibilities.map((i) => [i.direction, i.kind, i.pointer])).toEqual([['backward', 'constraint-tightened', '/properties/customerId']]);
  });
});

describe('loading refuses bad schema trees with the file and the fix', () => {
  function treeWith(files: Record<string, string>): string {
    const root = copyOfRepoSchemas();
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  }
  const draft4 = (more: object = {}) => JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', ...more });

  test.each([
    ['a file that is not JSON', { 'orders-service/OrderPaid/v1.1.json': '{ nope' }, /orders-service\/OrderPaid\/v1.1.json: is not valid JSON/],
    ['a schema of another draft', { 'orders-service/OrderPaid/v1.1.json': JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#' }) }, /"\$schema" is "http:\/\/json-schema.org\/draft-07\/schema#"; set it to "http:\/\/json-schema.org\/draft-04\/schema#"/],
    ['a misspelled keyword', { 'orders-service/OrderPaid/v1.1.json': draft4({ requried: ['a'] }) }, /v1.1.json: is not a valid draft-04 schema: strict mode: unknown keyword: "requried"/],
    ['a misnamed version file', { 'orders-service/OrderPaid/version2.json': draft4() }, /version2.json: is not a version file: name it v<MAJOR>.json/],
    ['a non-canonical version', { 'orders-service/OrderPaid/v1.0.json': draft4() }, /v1.0.json: write the version as it appears in eventVersion: rename it to v1.json/],
    ['a version with a leading zero', { 'orders-service/OrderPaid/v01.json': draft4() }, /v01.json: .*is not a schema version/],
    ['an event folder without event.json', { 'orders-service/OrderRefunded/v1.json': draft4() }, /OrderRefunded\/event.json: cannot be read \(ENOENT\)/],
    ['an event type used twice', { 'orders-service/OrderRefunded/v1.json': draft4(), 'orders-service/OrderRefunded/event.json': '{"eventType":"order.paid"}' }, /eventType "order.paid" is already used by orders-service\/OrderPaid/],
    ['an unknown compatibility mode', { 'orders-service/OrderPaid/event.json': '{"eventType":"order.paid","compatibility":"SIDEWAYS"}' }, /Unknown compatibility mode "SIDEWAYS"/],
  ])('%s', (_name, files, message) => {
    const root = treeWith(files);
    expect(() => loadSchemaTree(root)).toThrow(InvalidSchemaFileError);
    expect(() => loadSchemaTree(root)).toThrow(message);
  });
});
