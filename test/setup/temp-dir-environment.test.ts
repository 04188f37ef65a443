import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';

const repoRoot = resolve(import.meta.dirname, '../..');

describe('the test environment (temp-dir-environment.ts)', () => {
  test("an app synthesized without outdir writes into the test file's own temporary directory", () => {
    const app = new App();
    new Stack(app, 'Empty');
    const { directory } = app.synth();
    expect(basename(tmpdir())).toMatch(/^event-router-test-/);
    expect(relative(tmpdir(), directory)).toMatch(/^cdk\.out/);
  });

  test('a test file that synthesizes without outdir leaves no cdk.out directory behind', async () => {
    // GIVEN a temporary directory of the system's own, as a Jest run sees it
    const systemTmp = mkdtempSync(join(tmpdir(), 'system-tmp-'));
    // WHEN Jest runs a test file that synthesizes an app without an outdir
    await promisify(execFile)(
      process.execPath,
      [
        '--experimental-vm-modules',
        join(repoRoot, 'node_modules/jest/bin/jest.js'),
        '--roots',
        join(repoRoot, 'test/setup/fixtures'),
        '--testMatch',
        '**/synth-without-outdir.fixture.ts',
        '--cacheDirectory',
        join(systemTmp, 'jest-cache'),
      ],
      { cwd: repoRoot, env: { ...process.env, TMPDIR: systemTmp }, timeout: 120_000 },
    );
    // THEN nothing but Jest's cache is left in it
    expect(readdirSync(systemTmp)).toEqual(['jest-cache']);
  }, 150_000);
});
