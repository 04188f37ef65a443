import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.join(import.meta.dirname, '..', '..');
const CDK = path.join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');

// Nothing may need the network: every proxy points at a closed port, there are no AWS
// credentials, and the CLI's notices and version check are off.
const OFFLINE_ENV = {
  PATH: [path.join(ROOT, 'node_modules', '.bin'), process.env.PATH ?? ''].join(path.delimiter),
  HOME: process.env.HOME ?? tmpdir(),
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_REGION: '',
  CDK_DISABLE_VERSION_CHECK: '1',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
};

/** Template and asset manifests of `cdk synth` into `outdir`, as raw text. */
async function cdkSynth(outdir: string): Promise<Map<string, string>> {
  await run(process.execPath, [CDK, 'synth', '--quiet', '--no-notices', '-o', outdir], { cwd: ROOT, env: OFFLINE_ENV, timeout: 240_000 });
  return new Map(
    readdirSync(outdir)
      .filter((file) => file.endsWith('.template.json') || file.endsWith('.assets.json'))
      .sort()
      .map((file) => [file, readFileSync(path.join(outdir, file), 'utf8')]),
  );
}

describe('npx cdk synth (bin/app.ts through the CDK CLI, functions bundled)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'event-router-cdk-synth-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('synthesizes offline, twice, into byte-identical templates and asset manifests', async () => {
    const outdir = path.join(dir, 'cdk.out');
    const first = await cdkSynth(outdir);
    const second = await cdkSynth(outdir);

    expect([...first.keys()].filter((f) => f.endsWith('.template.json'))).toEqual(
      ['AnalyticsConsumerStack', 'InventoryConsumerStack', 'NotificationsConsumerStack', 'RouterStack'].map((s) => `${s}.template.json`),
    );
    for (const [file, text] of first) expect({ file, text: second.get(file) }).toEqual({ file, text });
  }, 540_000);
});
