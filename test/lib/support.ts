import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';

/** A handler entry that exists but is never bundled or run by construct tests. */
export const FIXTURE_HANDLER = path.join(import.meta.dirname, 'fixtures', 'handler.ts');

/** Context that skips asset bundling in every stack: synth stays fast and offline. */
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

const outdirs: string[] = [];
// Every test file importing this module removes the apps' output directories it created.
afterAll(() => outdirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh output directory for a test app, removed after the test file. */
export function testOutdir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'event-router-test-'));
  outdirs.push(dir);
  return dir;
}

/** A stack in an app that does not bundle, with a bus imported by name as consumer stacks do. */
export function consumerTestStack(id = 'TestStack'): { app: App; stack: Stack; bus: ReturnType<typeof EventBus.fromEventBusName> } {
  const app = new App({ context: SKIP_BUNDLING, outdir: testOutdir() });
  const stack = new Stack(app, id);
  const bus = EventBus.fromEventBusName(stack, 'Bus', 'event-router');
  return { app, stack, bus };
}
