export { serveOpsRoutes } from './ops-routes';
export type { LocalEndpoints, QueuedCopy } from './ops-routes';
export { localConsumerResources } from './consumer-resources';
export type { LocalConsumerResources, LocalQueueRef } from './consumer-resources';
export { EventJournal } from './event-journal';
export type { JournalEvent, JournalLog } from './event-journal';
