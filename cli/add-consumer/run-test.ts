import { spawn } from 'node:child_process';
import type { AppInfo } from './app-root';

/** Where the command prints; injectable so tests read what a user sees. */
export interface AddConsumerIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

/** The command that runs one test file the way the app runs its tests. */
export function testCommand(app: Pick<AppInfo, 'testRunner' | 'hasTestScript'>, testPath: string): { command: string; args: string[] } {
  if (app.testRunner === 'node') return { command: process.execPath, args: ['--test', testPath] };
  if (app.hasTestScript) return { command: 'npm', args: ['test', '--', testPath] };
  return { command: 'npx', args: ['jest', testPath] };
}

/** Runs the new test in the app root, its output passed through; resolves to the test's exit code. */
export function runTest(app: AppInfo, testPath: string, io: AddConsumerIo): Promise<number> {
  const { command, args } = testCommand(app, testPath);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: app.root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    child.stdout.on('data', (chunk: Buffer) => io.out.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => io.err.write(chunk));
    child.on('error', (error) => {
      io.err.write(`could not run ${command}: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}
