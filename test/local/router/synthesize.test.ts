import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SynthError, synthesize } from '../../../local/router/index';

// A stand-in app speaking the cloud assembly protocol: it writes manifest.json into CDK_OUTDIR and
// records the context it was given, and how many times it ran.
const FAKE_APP = `
const { writeFileSync, appendFileSync } = require('node:fs');
const { join } = require('node:path');
appendFileSync('runs.log', 'run\\n');
writeFileSync(join(process.env.CDK_OUTDIR, 'manifest.json'), '{}');
writeFileSync('context.json', process.env.CDK_CONTEXT_JSON);
`;

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'synthesize-'));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'app.cjs'), FAKE_APP);
  writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ app: 'node bin/app.cjs', context: { flag: true }, watch: { include: ['bin/**'] } }));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const runs = () => readFileSync(join(dir, 'runs.log'), 'utf8').trim().split('\n').length;

describe('synthesize', () => {
  test("runs cdk.json's app command with CDK_OUTDIR and cdk.json's context, as the CDK CLI does", async () => {
    const result = await synthesize({ appDir: dir });
    expect(result).toMatchObject({ outdir: join(dir, 'cdk.out'), synthesized: true });
    expect(existsSync(join(dir, 'cdk.out', 'manifest.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'context.json'), 'utf8'))).toMatchObject({ flag: true, 'aws:cdk:enable-asset-metadata': true });
  });

  test('does not run the app again while no input changed', async () => {
    await synthesize({ appDir: dir });
    const again = await synthesize({ appDir: dir });
    expect(again.synthesized).toBe(false);
    expect(runs()).toBe(1);
  });

  test('runs it again when an input changes, or when forced', async () => {
    await synthesize({ appDir: dir });
    writeFileSync(join(dir, 'bin', 'more.ts'), 'export {};');
    expect((await synthesize({ appDir: dir })).synthesized).toBe(true);
    expect((await synthesize({ appDir: dir, force: true })).synthesized).toBe(true);
    expect(runs()).toBe(3);
  });

  test("a failing app is a SynthError carrying the app's own output", async () => {
    writeFileSync(join(dir, 'bin', 'app.cjs'), "console.error('ValidationError: bad prop'); process.exit(3);");
    const failure = synthesize({ appDir: dir });
    await expect(failure).rejects.toThrow(SynthError);
    await expect(synthesize({ appDir: dir })).rejects.toThrow(/failed: exit 3; nothing was started\.\nValidationError: bad prop/);
  });

  test('an app that exits 0 without writing an assembly is refused, saying what is missing', async () => {
    writeFileSync(join(dir, 'bin', 'app.cjs'), '');
    await expect(synthesize({ appDir: dir })).rejects.toThrow(/wrote no cloud assembly \(does it call app\.synth\(\)\?\)/);
  });
});
