import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotACdkAppError, readCdkApp } from '../../../local/router/index';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cdk-app-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readCdkApp', () => {
  test("takes the app command, the context (cdk.context.json over cdk.json) and watch.include's folders as inputs", () => {
    writeFileSync(
      join(dir, 'cdk.json'),
      JSON.stringify({ app: 'npx tsx bin/app.ts', context: { a: 1, b: 1 }, watch: { include: ['bin/**', 'lib/**/*.ts', '**'] } }),
    );
    writeFileSync(join(dir, 'cdk.context.json'), JSON.stringify({ b: 2 }));
    const app = readCdkApp(dir);
    expect(app.command).toBe('npx tsx bin/app.ts');
    expect(app.context).toEqual({ a: 1, b: 2 });
    expect(app.inputs).toEqual(expect.arrayContaining(['bin', 'lib', 'cdk.json', 'package-lock.json']));
    expect(app.inputs).not.toContain('**');
  });

  test('without watch.include every file of the app is an input', () => {
    writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ app: 'node bin/app.ts' }));
    expect(readCdkApp(dir).inputs).toBeUndefined();
  });

  test('a directory without cdk.json is refused, saying where to run', () => {
    expect(() => readCdkApp(dir)).toThrow(NotACdkAppError);
    expect(() => readCdkApp(dir)).toThrow(/has no cdk\.json: run event-router start in the directory of your CDK app/);
  });

  test('a cdk.json that is not JSON is refused, naming the file', () => {
    writeFileSync(join(dir, 'cdk.json'), '{ app: ');
    expect(() => readCdkApp(dir)).toThrow(/cdk\.json is not valid JSON/);
  });

  test('a cdk.json without an app command is refused, saying what to add', () => {
    writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ context: {} }));
    expect(() => readCdkApp(dir)).toThrow(/has no "app" command/);
  });
});
