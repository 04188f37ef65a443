import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { buildApp } from '../../../bin/build-app';
import { consumers } from '../../../consumers/index';
import { startLocalRouter, synthesize, type LocalRouter } from '../../../local/router/index';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** Where the example app is synthesized for the web view's tests (kept while no source changes). */
export const WEB_CDK_OUT = join(ROOT, 'node_modules', '.cache', 'event-router', 'web-cdk.out');

/** The system Chromium `.ci/run` installs (playwright's own download is not reachable here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Synthesizes the example app (its own consumers only) and stands it up, web view included. */
export async function startWebRouter(): Promise<LocalRouter> {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const { outdir } = await synthesize({
    outdir: WEB_CDK_OUT,
    inProcess: {
      key: 'example app for the web view',
      synth: (dir) => buildApp({ outdir: dir, consumers, context: cdkJson.context, nag: false }).synth(),
    },
  });
  return startLocalRouter({ cdkOut: outdir, eventBridgeOptions: { backoffScale: 0.01 } });
}

/** A headless system Chromium with a fresh profile; `close()` removes the profile. */
export async function launchBrowser(): Promise<{ browser: Browser | BrowserContext; context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'event-router-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  return {
    browser: context,
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
