import { existsSync } from 'node:fs';
import { handlerEntry } from '../../lib/handler-entry';

describe('handlerEntry', () => {
  test.each(['forwarder', 'gap-sweeper', 'outbox-publisher', 'outbox-sweeper'] as const)(
    'a checkout bundles the %s from its TypeScript source, never from a build that may be stale',
    (name) => {
      const entry = handlerEntry(name);
      expect(entry).toMatch(new RegExp(`/handlers/${name}/index\\.ts$`));
      expect(existsSync(entry)).toBe(true);
    },
  );
});
