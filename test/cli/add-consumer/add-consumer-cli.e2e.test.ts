/**
 * `event-router add consumer` end to end: the real CLI (tsx on the sources) run in a fresh app
 * directory, writing real files and running the generated test with the app's own test runner.
 * Inside the repository `event-router`, `event-router/runtime` and `event-router/testing` are the
 * sources: the node:test app gets a package shim in node_modules whose exports point at them (run
 * through tsx), the jest app maps them with moduleNameMapper like this repository does.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { jest } from '@jest/globals';
import { promisify } from 'node:util';

const REPO = join(import.meta.dirname, '..', '..', '..');
const TSX_CLI = join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const TSX_LOADER = pathToFileURL(join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CLI = join(REPO, 'cli', 'main.ts');
const SHIPPING = ['add', 'consumer', 'shipping', '--pattern', '{"source":["orders-service"],"detail-type":["OrderPaid"]}', '--order-by', '$.detail.data.orderId', '--transactional'];
const TSCONFIG = {
  compilerOptions: { target: 'ES2023', module: 'ESNext', moduleResolution: 'Bundler', strict: true, isolatedModules: true, skipLibCheck: true, noEmit: true, types: ['node', 'jest'] },
};

jest.setTimeout(240_000);

const apps: string[] = [];
afterAll(() => {
  for (const app of apps) rmSync(app, { recursive: true, force: true });
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `event-router <args>` in `cwd`, as a user would (its node:test children load TypeScript through tsx). */
async function cli(cwd: string, ...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [TSX_CLI, CLI, ...args], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: `--import ${TSX_LOADER}`, FORCE_COLOR: '0', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** An app without jest: package.json, tsconfig, and `event-router` in node_modules resolving to this repository's sources. */
function nodeApp(): string {
  const app = mkdtempSync(join(tmpdir(), 'add-consumer-node-app-'));
  apps.push(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-app', private: true, type: 'module', dependencies: { 'event-router': '*' } }, null, 2));
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  const shim = join(app, 'node_modules', 'event-router');
  mkdirSync(shim, { recursive: true });
  writeFileSync(
    join(shim, 'package.json'),
    JSON.stringify({ name: 'event-router', type: 'module', exports: { '.': './lib/index.ts', './runtime': './runtime/index.ts', './testing': './local/testing/index.ts' } }),
  );
  // Symlinked folders: Node resolves the sources to their real paths in the repository, whose node_modules they import from.
  for (const dir of ['lib', 'runtime', 'local', 'schemas']) symlinkSync(join(REPO, dir), join(shim, dir), 'dir');
  return app;
}

/** An app testing with jest (ESM, ts-jest), whose moduleNameMapper resolves the package's entry points to the sources. */
function jestApp(): string {
  const app = mkdtempSync(join(tmpdir(), 'add-consumer-jest-app-'));
  apps.push(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      { name: 'my-app', private: true, type: 'module', scripts: { test: 'node --experimental-vm-modules node_modules/jest/bin/jest.js' }, devDependencies: { jest: '30.5.2', 'ts-jest': '29.4.15' } },
      null,
      2,
    ),
  );
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  symlinkSync(join(REPO, 'node_modules'), join(app, 'node_modules'), 'dir');
  writeFileSync(
    join(app, 'jest.config.js'),
    `export default ${JSON.stringify(
      {
        testEnvironment: 'node',
        roots: ['<rootDir>/test'],
        extensionsToTreatAsEsm: ['.ts'],
        transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: join(app, 'tsconfig.json') }] },
        moduleNameMapper: {
          '^event-router$': join(REPO, 'lib', 'index.ts'),
          '^event-router/runtime$': join(REPO, 'runtime', 'index.ts'),
          '^event-router/testing$': join(REPO, 'local', 'testing', 'index.ts'),
        },
      },
      null,
      2,
    )};\n`,
  );
  return app;
}

/** Every file the app holds outside node_modules, with content and modification time. */
function snapshot(app: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(app, path)] = `${statSync(path).mtimeMs} ${readFileSync(path, 'utf8')}`;
    }
  };
  walk(app);
  return files;
}

describe('event-router add consumer, in an app without jest (node:test)', () => {
  let app: string;
  let first: Run;

  beforeAll(async () => {
    app = nodeApp();
    first = await cli(app, ...SHIPPING);
  });

  test('writes the definition, the list, the handler, the test and the fixture, runs the test (it passes) and prints the replay', () => {
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    for (const file of ['consumers/shipping.ts', 'consumers/index.ts', 'functions/shipping/index.ts', 'functions/shipping/shipping.ts', 'test/functions/shipping/shipping.test.ts', 'test/functions/shipping/event.json']) {
      expect(existsSync(join(app, file))).toBe(true);
    }
    expect(first.stdout).toContain('running the new test: node --test test/functions/shipping/shipping.test.ts');
    // node:test's summary line: `# pass 2` (tap reporter) or `ℹ pass 2` (spec), whichever Node picks for the output.
    expect(first.stdout).toMatch(/^(?:# |ℹ )pass 2$/m);
    expect(first.stdout).toMatch(/^(?:# |ℹ )fail 0$/m);
    expect(first.stdout).toContain('the new test passed.');
    expect(first.stdout).toContain('npx event-router replay shipping --from -30d --to now');
  });

  test('running the same command again changes nothing, says so and exits 0', async () => {
    const before = snapshot(app);

    const again = await cli(app, ...SHIPPING);

    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^consumer shipping is already added with this definition: nothing to change\./);
    expect(snapshot(app)).toEqual(before);
  });

  test('refusals exit 2 with one line and write nothing', async () => {
    const before = snapshot(app);
    const refusals = [
      ['add', 'consumer', 'shipping', '--pattern', '{"source":["orders-service"]}'],
      ['add', 'consumer', 'Bad_Name', '--pattern', '{"source":["orders-service"]}'],
      ['add', 'consumer', 'audit', '--pattern', '{"source":[]}'],
      ['add', 'consumer', 'audit', '--pattern', 'not json'],
      ['add', 'consumer', 'audit', '--pattern', '{"source":["orders-service"]}', '--order-by', 'orderId'],
    ];
    for (const args of refusals) {
      const refused = await cli(app, ...args);
      expect({ args, code: refused.code }).toEqual({ args, code: 2 });
      expect(refused.stderr).toMatch(/^event-router add consumer: .+\n$/);
    }
    expect(snapshot(app)).toEqual(before);
  });

  test('exits 1 when the new test fails (here: a handler edited to throw, the fixture regenerated)', async () => {
    writeFileSync(join(app, 'functions/shipping/shipping.ts'), "export function createShippingHandler(): never {\n  throw new Error('broken on purpose');\n}\n");
    rmSync(join(app, 'test/functions/shipping/event.json'));

    const broken = await cli(app, ...SHIPPING);

    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('  kept       functions/shipping/shipping.ts  (your edits; not overwritten)');
    expect(broken.stdout).toContain('the new test FAILED');
  });
});

describe('event-router add consumer, in an app testing with jest', () => {
  test('writes the consumer and runs its jest test with the app\'s npm test', async () => {
    const app = jestApp();

    const run = await cli(app, 'add', 'consumer', 'audit-log', '--pattern', '{"source":["billing"],"detail":{"data":{"amount":[{"numeric":[">",0]}]}}}');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('running the new test: npm test -- test/functions/audit-log/audit-log.test.ts');
    expect(`${run.stdout}${run.stderr}`).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(readFileSync(join(app, 'consumers/index.ts'), 'utf8')).toContain("import { auditLog } from './audit-log';");
  });
});

describe('event-router add consumer, in this repository', () => {
  test('--dry-run plans against the repository\'s own consumer list and writes nothing', async () => {
    const status = () => execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: REPO, encoding: 'utf8' });
    const before = status();

    const run = await cli(REPO, 'add', 'consumer', 'shipping', '--pattern', '{"source":["orders-service"],"detail-type":["OrderPaid"]}', '--order-by', '$.detail.data.orderId', '--dry-run');

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^dry run: nothing is written and nothing is run\./);
    expect(run.stdout).toMatch(/(create|update) {2}consumers\/index\.ts/);
    expect(run.stdout).toContain('then run npm test -- test/functions/shipping/shipping.test.ts');
    expect(status()).toBe(before);
  });

  test.each(['inventory', 'analytics'])('refuses the existing consumer %s, exit 2', async (name) => {
    const run = await cli(REPO, 'add', 'consumer', name, '--pattern', '{"source":["orders-service"]}', '--dry-run');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`"${name}"`);
  });
});

describe('event-router add --help and usage errors', () => {
  test('--help on add and on add consumer exit 0 and list the options', async () => {
    const add = await cli(tmpdir(), 'add', '--help');
    const consumer = await cli(tmpdir(), 'add', 'consumer', '--help');

    expect(add.code).toBe(0);
    expect(add.stdout).toContain('consumer');
    expect(consumer.code).toBe(0);
    for (const option of ['--pattern <json>', '--order-by <path>', '--transactional', '--dry-run']) expect(consumer.stdout).toContain(option);
  });

  test.each([
    ['an unknown option', ['add', 'consumer', 'x', '--pattern', '{}', '--bogus']],
    ['a missing --pattern', ['add', 'consumer', 'x']],
    ['a missing name', ['add', 'consumer', '--pattern', '{"source":["a"]}']],
    ['an unknown thing to add', ['add', 'producer', 'x']],
  ])('%s exits 2', async (_case, args) => {
    expect((await cli(tmpdir(), ...args)).code).toBe(2);
  });
});
