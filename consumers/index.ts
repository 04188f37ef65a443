/**
 * The app's consumers: one definition per file, one stack each (bin/build-app.ts). Adding a consumer
 * = its definition here plus its handler in `functions/<name>/`; `event-router add consumer` writes both.
 */
import type { ConsumerDefinition } from 'event-router';
import { analytics } from './analytics';
import { inventory } from './inventory';
import { notifications } from './notifications';

export const consumers: ConsumerDefinition[] = [
  inventory,
  notifications,
  analytics,
];
