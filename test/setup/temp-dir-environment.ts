import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestEnvironment } from 'jest-environment-node';

/**
 * Jest's node environment with a temporary directory of its own per test file: TMPDIR points into it
 * while the file runs, and it is removed once the file's own afterAll hooks are done. CDK apps
 * synthesized without an `outdir` (`new App()`, `Template.fromStack`) write their `cdk.out*`
 * assembly to `os.tmpdir()`; without this every run left dozens of them in the system's temp dir.
 *
 * It sets the worker's real environment (not only the test's copy of `process.env`) because
 * `os.tmpdir()` reads the real one; a worker runs one test file at a time, so files never share it.
 */
export default class TempDirEnvironment extends TestEnvironment {
  private dir: string | undefined;
  private previousTmpdir: string | undefined;

  override async setup(): Promise<void> {
    await super.setup();
    this.previousTmpdir = process.env.TMPDIR;
    this.dir = mkdtempSync(join(tmpdir(), 'event-router-test-'));
    process.env.TMPDIR = this.dir;
    this.global.process.env.TMPDIR = this.dir;
  }

  override async teardown(): Promise<void> {
    if (this.previousTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = this.previousTmpdir;
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
    await super.teardown();
  }
}
