/**
 * The package as a team gets it: `npm pack` (which builds dist/), installed from the tarball into a new
 * CDK app that depends on nothing else, then used there as the README says: types checked, the app
 * synthesized and run under `event-router start`, an event published and seen processed.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient, GetItemCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { createEvent } from '../../runtime/index';
import { USER_APP_FILES } from './user-app';

const REPO = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);
// The Node.js running the tests (24) comes first, so the app's `node bin/app.ts` strips types as in CI.
const env = { ...process.env, PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter) };
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const REFUNDS_PATTERN = '{"source":["shop"],"detail-type":["OrderRefunded"]}';

let work: string;
let app: string;
let tarball: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'event-router-package-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO, env, maxBuffer: 64 * 1024 * 1024 });
  tarball = join(work, (JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string }>)[0]!.filename);
  app = join(work, 'shop-app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'shop-app', version: '1.0.0', private: true, type: 'module', dependencies: { 'event-router': `file:${tarball}` } }, null, 2),
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, env, maxBuffer: 64 * 1024 * 1024 });
  for (const [path, text] of Object.entries(USER_APP_FILES)) {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), text);
  }
}, 300_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  test('npx event-router --help works where only the tarball is installed', async () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'package.json'), JSON.stringify({ name: 'empty', version: '1.0.0', private: true }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: empty, env, maxBuffer: 64 * 1024 * 1024 });
    const { stdout } = await run('npx', ['event-router', '--help'], { cwd: empty, env });
    expect(stdout).toMatch(/^Usage: event-router/);
    expect(stdout).toMatch(/\n {2}start /);
  }, 300_000);

  test('ships built JavaScript and declarations, no TypeScript sources, and needs no tsx', () => {
    const installed = join(app, 'node_modules', 'event-router');
    const files = listFiles(installed);
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/runtime.js', 'dist/testing.js', 'dist/cli.js', 'dist/handlers/forwarder.js', 'dist/handlers/outbox-publisher.js']));
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);
  });

  test('a CommonJS app (what `cdk init` writes) can require every entry point', async () => {
    const script = "for (const entry of ['event-router', 'event-router/runtime', 'event-router/testing']) console.log(entry, Object.keys(require(entry)).length > 10);";
    const { stdout } = await run(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: app, env });
    expect(stdout.trim().split('\n')).toEqual(['event-router true', 'event-router/runtime true', 'event-router/testing true']);
  }, 60_000);

  test('add consumer writes a consumer into the app whose own test passes, and a second run changes nothing', async () => {
    const args = ['event-router', 'add', 'consumer', 'refunds', '--pattern', REFUNDS_PATTERN, '--order-by', '$.detail.data.orderId', '--transactional'];
    const first = await run('npx', args, { cwd: app, env });
    expect(first.stdout).toMatch(/npx event-router replay refunds --from/);
    for (const file of ['consumers/refunds.ts', 'functions/refunds/index.ts', 'functions/refunds/refunds.ts', 'test/functions/refunds/refunds.test.ts', 'test/functions/refunds/event.json']) {
      expect(existsSync(join(app, file))).toBe(true);
    }
    expect(readFileSync(join(app, 'consumers', 'index.ts'), 'utf8')).toMatch(/payments,\n\s+refunds,/);
    const again = await run('npx', args, { cwd: app, env });
    expect(again.stdout).toMatch(/nothing to change/);
  }, 180_000);

  test("the user's app type-checks against the installed declarations (nodenext resolution)", async () => {
    const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    // @types/node of the repository: the app itself installed nothing but the tarball.
    const { stdout } = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--typeRoots', join(REPO, 'node_modules', '@types')], { cwd: app, env }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout || 'tsc failed without output' }),
    );
    expect(stdout).toBe('');
  }, 120_000);
});

describe('a CDK app built on the installed package', () => {
  let router: ChildProcess | undefined;
  let endpoints: Record<string, string>;

  beforeAll(async () => {
    const child = spawn(process.execPath, [join(app, 'node_modules', '.bin', 'event-router'), 'start', '--no-view'], { cwd: app, env });
    router = child;
    endpoints = await new Promise((done, fail) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error(`event-router start was not ready in 240 s:\n${output}`)), 240_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (!output.includes('Ctrl-C stops everything.')) return;
        clearTimeout(timer);
        done(Object.fromEntries([...output.matchAll(/^export AWS_ENDPOINT_URL_(\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!])));
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`event-router start exited ${code} before it was ready:\n${output}`));
      });
    });
  }, 300_000);

  afterAll(async () => {
    if (router?.exitCode !== null || router === undefined) return;
    const stopped = new Promise((done) => router!.once('exit', done));
    router.kill('SIGINT');
    await stopped;
  }, 60_000);

  test('routesFor from event-router/testing reads the synthesized app, the generated consumer included', async () => {
    const routes = async (event: string) =>
      JSON.parse((await run(process.execPath, ['test/routes.ts', join(app, 'cdk.out'), event], { cwd: app, env })).stdout) as unknown;
    expect(await routes(JSON.stringify({ source: 'shop', 'detail-type': 'OrderPlaced', detail: { data: { orderId: 'o-1' } } }))).toEqual(['payments']);
    expect(await routes(readFileSync(join(app, 'test', 'functions', 'refunds', 'event.json'), 'utf8'))).toEqual(['refunds']);
  }, 60_000);

  test('an event published to the local bus is processed by the consumer', async () => {
    const eventBridge = new EventBridgeClient({ endpoint: endpoints['EVENTBRIDGE'], region: 'us-east-1', credentials });
    const event = createEvent({ source: 'shop', detailType: 'OrderPlaced', eventType: 'order.placed', data: { orderId: 'o-42' }, sequence: 1 });
    const put = await eventBridge.send(
      new PutEventsCommand({ Entries: [{ EventBusName: 'shop', Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail) }] }),
    );
    expect(put.FailedEntryCount).toBe(0);

    const dynamodb = new DynamoDBClient({ endpoint: endpoints['DYNAMODB'], region: 'us-east-1', credentials });
    const { TableNames = [] } = await dynamodb.send(new ListTablesCommand({}));
    const stateTable = TableNames.find((name) => name.startsWith('Shop-payments-ConsumerStateTable'));
    expect(stateTable).toBeDefined();
    const key = { pk: { S: 'order#o-42' }, sk: { S: 'OrderPlaced' } };
    let item: unknown;
    for (let attempt = 0; attempt < 120 && item === undefined; attempt += 1) {
      item = (await dynamodb.send(new GetItemCommand({ TableName: stateTable, Key: key }))).Item;
      if (item === undefined) await new Promise((wait) => setTimeout(wait, 500));
    }
    expect(item).toEqual(key);
  }, 120_000);
});

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}
