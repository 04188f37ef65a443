/**
 * Bundle benchmark: the notifications consumer (functions/notifications, this project's runtime)
 * as RouterFunction (lib/router-function.ts) bundles every Lambda: esbuild, ESM, minified with
 * keepNames, node24, everything bundled incl. the AWS SDK, the SDK's default credential chain
 * replaced by the environment-only provider Lambda needs (source maps aside: a separate file);
 * against the same consumer written with Powertools idempotency + batch (bench/fixtures), bundled
 * with the same esbuild options as a Powertools user's NodejsFunction would, i.e. with the SDK's
 * full chain. The alias would shrink the Powertools bundle too: that figure is printed as well
 * (peerBundleBytesWithAlias). Each bundle is then imported in a fresh Node process to time the
 * cold import. Run: npm run bench:bundle
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { DEFAULT_CREDENTIAL_CHAIN, lambdaCredentialsModule } from '../lib/index';

const ROOT = path.resolve(import.meta.dirname, '..');
const IMPORTS = 21;

/** RouterFunction's esbuild alias (its `--alias` argument). */
const ROUTER_ALIAS = { [DEFAULT_CREDENTIAL_CHAIN]: lambdaCredentialsModule() };

async function bundle(entry: string, outfile: string, alias: Record<string, string> = {}): Promise<{ bytes: number; gzipBytes: number }> {
  await build({
    alias,
    entryPoints: [path.join(ROOT, entry)],
    outfile,
    bundle: true,
    minify: true,
    keepNames: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  return { bytes: statSync(outfile).size, gzipBytes: gzipSync(readFileSync(outfile)).length };
}

/** Wall time of `await import(bundle)` in a fresh process (includes module evaluation). */
function importOnce(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  const env = {
    ...process.env,
    CONSUMER_NAME: 'notifications',
    DEDUPE_TABLE_NAME: 'dedupe',
    STATE_TABLE_NAME: 'state',
    AWS_REGION: 'us-east-1',
    POWERTOOLS_SERVICE_NAME: 'notifications',
  };
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env }).toString().trim());
}

/** Medians of interleaved samples, so a burst of load on the machine hits both sides alike. */
function importMedians(a: string, b: string): [number, number] {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < IMPORTS; i += 1) {
    samples[0].push(importOnce(a));
    samples[1].push(importOnce(b));
  }
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  return [median(samples[0]), median(samples[1])];
}

const dir = mkdtempSync(path.join(tmpdir(), 'bundle-bench-'));
try {
  const oursFile = path.join(dir, 'ours.mjs');
  const peerFile = path.join(dir, 'powertools.mjs');
  const ours = await bundle('functions/notifications/index.ts', oursFile, ROUTER_ALIAS);
  const peer = await bundle('bench/fixtures/powertools-notifications.ts', peerFile);
  const peerWithAlias = await bundle('bench/fixtures/powertools-notifications.ts', path.join(dir, 'powertools-alias.mjs'), ROUTER_ALIAS);
  const [oursImport, peerImport] = importMedians(oursFile, peerFile);
  console.log(
    `event-router notifications : ${(ours.bytes / 1024).toFixed(1)} KiB (${(ours.gzipBytes / 1024).toFixed(1)} KiB gzip), import ${oursImport.toFixed(1)} ms`,
  );
  console.log(
    `Powertools equivalent      : ${(peer.bytes / 1024).toFixed(1)} KiB (${(peer.gzipBytes / 1024).toFixed(1)} KiB gzip), import ${peerImport.toFixed(1)} ms`,
  );
  console.log(
    `Powertools with our alias  : ${(peerWithAlias.bytes / 1024).toFixed(1)} KiB (what RouterFunction's bundling would make of it; not imported)`,
  );
  console.log(
    JSON.stringify({
      benchmark: 'bundle',
      bundleBytes: ours.bytes,
      peerBundleBytes: peer.bytes,
      bundleGzipBytes: ours.gzipBytes,
      peerBundleGzipBytes: peer.gzipBytes,
      bundleSizeRatioVsPowertools: Number((ours.bytes / peer.bytes).toFixed(2)),
      importMs: Number(oursImport.toFixed(1)),
      peerImportMs: Number(peerImport.toFixed(1)),
      importTimeRatioVsPowertools: Number((oursImport / peerImport).toFixed(2)),
      peerBundleBytesWithAlias: peerWithAlias.bytes,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
