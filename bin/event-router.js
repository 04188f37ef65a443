#!/usr/bin/env node
// The published entry of `npx event-router`: runs the TypeScript CLI through tsx,
// so a clone needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
