#!/usr/bin/env node
// The `event-router` command. An installed package runs its build (dist/cli.js, plain JavaScript);
// a checkout of the repository, which has the TypeScript sources and tsx, runs those, so it needs no
// build step and never runs a stale one.
import { existsSync } from 'node:fs';

const source = new URL('../cli/main.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../dist/cli.js');
}
