import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ENTRY_METADATA_KEY, RouterFunction } from '../../lib';
import { handlerEntry } from '../../lib/handler-entry';

// The one test that bundles for real: the forwarder, with the local esbuild (no Docker).
describe('RouterFunction bundling the forwarder for real', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'router-function-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'BundleStack');
  const fn = new RouterFunction(stack, 'Forwarder', { entry: handlerEntry('forwarder') });
  const errorNames = new RouterFunction(stack, 'ErrorNames', { entry: path.join(import.meta.dirname, 'fixtures', 'error-name-handler.ts') });
  const template = Template.fromStack(stack);
  const assembly = app.synth();
  const assetDirOf = (f: RouterFunction) => {
    const code = template.toJSON().Resources[stack.getLogicalId(f.node.defaultChild as never)].Properties.Code;
    return path.join(assembly.directory, `asset.${(code.S3Key as string).replace(/\.zip$/, '')}`);
  };
  const assetDir = assetDirOf(fn);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('produces a minified ESM index.mjs with a source map', () => {
    const bundle = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8');
    expect(existsSync(path.join(assetDir, 'index.mjs.map'))).toBe(true);
    expect(bundle).toMatch(/sourceMappingURL=index\.mjs\.map/);
    // Minified: a few very long lines, not one statement per line.
    expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(1000);
    expect(bundle).toMatch(/export\s*\{/);
  });

  test('starts with the createRequire banner and bundles the AWS SDK', () => {
    const bundle = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith("import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);")).toBe(true);
    expect(bundle).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(bundle).toContain('SendMessageBatch');
  });

  test("bundles the environment-only credential provider instead of the SDK's default chain", () => {
    const bundle = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8');
    // keepNames keeps the providers' names: the env one is there, the chain's other links are not.
    expect(bundle).toContain('fromEnv');
    for (const provider of ['fromIni', 'fromSSO', 'fromTokenFile', 'fromInstanceMetadata', 'fromContainerMetadata']) expect(bundle).not.toContain(provider);
  });

  test('the bundle runs on Node.js as an ES module and answers a batch', () => {
    const script = `
      const { handler } = await import(${JSON.stringify(path.join(assetDir, 'index.mjs'))});
      const result = await handler({ Records: [{ messageId: 'm-1', body: 'not json' }] });
      process.stdout.write(JSON.stringify(result));
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-1',
        TARGET_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q.fifo',
        STATIC_GROUP_ID: 'q',
        GROUP_KEY_PATH: '$.detail.data.orderId',
      },
      encoding: 'utf8',
    });
    expect(JSON.parse(output.trim().split('\n').pop()!)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });

  test('the minified bundle keeps the error class names its logs and parked messages promise', () => {
    const script = `
      const { handler } = await import(${JSON.stringify(path.join(assetDir, 'index.mjs'))});
      await handler({ Records: [{ messageId: 'm-1', body: 'not json' }] });
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1', TARGET_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q.fifo' },
      encoding: 'utf8',
    });
    expect(`${run.stdout}${run.stderr}`).toContain('"name":"MalformedEventError"');
  });

  test('error classes keep their names through minification (keepNames): parked messages say MalformedEventError, not "ti"', () => {
    const script = `
      const { handler } = await import(${JSON.stringify(path.join(assetDirOf(errorNames), 'index.mjs'))});
      process.stdout.write(JSON.stringify(await handler()));
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    expect(JSON.parse(output.trim().split('\n').pop()!)).toEqual({ name: 'MalformedEventError', className: 'MalformedEventError' });
  });

  test('runs Node.js 24 on arm64 with source maps enabled and names its entry in metadata', () => {
    template.hasResource('AWS::Lambda::Function', {
      Properties: {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
      },
      Metadata: { [ENTRY_METADATA_KEY]: 'handlers/forwarder/index.ts' },
    });
  });

  test('logs to its own log group with a retention, through a role without managed policies', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });
});

describe('RouterFunction reservedConcurrency', () => {
  const build = (reservedConcurrency?: number) => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'FnStack');
    new RouterFunction(stack, 'Fn', { entry: path.join(import.meta.dirname, 'fixtures', 'handler.ts'), reservedConcurrency });
    return Template.fromStack(stack);
  };

  test('sets ReservedConcurrentExecutions when given', () => {
    build(3).hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 3 });
  });

  test('leaves it unset by default (the account pool)', () => {
    build().hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: Match.absent() });
  });

  test('a value that is not a whole number from 1 to 1000 throws naming the prop', () => {
    expect(() => build(0)).toThrow(/FnStack\/Fn: invalid reservedConcurrency 0: must be a whole number from 1 to 1000/);
  });
});
